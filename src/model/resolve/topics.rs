//! The `content/topics.yaml` phase: topics and their measures.

use crate::say;
use std::collections::HashMap;

use super::{Resolver, inherited_singular, position};
use crate::load::Parsed;
use crate::load::schema;
use crate::model::ids::{MeasureId, TopicId};
use crate::model::types::{Measure, Topic};

/// The topics as resolved, with the tables claims look their references up in.
#[derive(Debug, Default)]
pub(super) struct TopicTable {
    /// Topics, in the order of `topics.yaml`.
    pub topics: Vec<Topic>,
    /// Topic id → index.
    pub ids: HashMap<String, TopicId>,
    /// Per topic: measure id → index into its `measures`.
    pub measure_ids: Vec<HashMap<String, MeasureId>>,
}

impl Resolver<'_> {
    /// Resolves the topics: ids checked, measures with their units, descriptions' links.
    pub(super) fn topics(&mut self, file: Option<&Parsed<Vec<schema::TopicFile>>>) -> TopicTable {
        let mut topics = Vec::new();
        let mut ids = HashMap::new();
        let mut measure_ids = Vec::new();
        let Some(file) = file else {
            return TopicTable::default();
        };
        let language = self.language;
        for topic in &file.value {
            if !self.check_id(file, &topic.id, language.pick("topic", "Thema")) {
                continue;
            }
            if ids.contains_key(&topic.id.value) {
                let first = file
                    .value
                    .iter()
                    .find(|t| t.id.value == topic.id.value)
                    .map(|t| &t.id)
                    .unwrap_or(&topic.id);
                let (id, first) = (&topic.id.value, super::place(&file.path, first));
                let message = say!(
                    language,
                    "duplicate topic id `{id}`: first used at {first}",
                    "doppelte Themen-Kennung `{id}`: zuerst verwendet in {first}"
                );
                let help = say!(
                    language,
                    "give every topic its own id",
                    "Geben Sie jedem Thema eine eigene Kennung"
                );
                self.error(file, &topic.id, message, help);
                continue;
            }
            let mut measures: Vec<Measure> = Vec::new();
            let mut by_id = HashMap::new();
            for measure in &topic.measures {
                if !self.check_id(file, &measure.id, language.pick("measure", "Messgröße")) {
                    continue;
                }
                if by_id.contains_key(&measure.id.value) {
                    let (id, topic_id) = (&measure.id.value, &topic.id.value);
                    let message = say!(
                        language,
                        "duplicate measure id `{id}` in topic `{topic_id}`",
                        "doppelte Messgrößen-Kennung `{id}` in Thema `{topic_id}`"
                    );
                    let help = say!(
                        language,
                        "measure ids must be unique within their topic",
                        "Kennungen von Messgrößen müssen innerhalb ihres Themas eindeutig sein"
                    );
                    self.error(file, &measure.id, message, help);
                    continue;
                }
                by_id.insert(measure.id.value.clone(), MeasureId::new(measures.len()));
                measures.push(Measure {
                    id: measure.id.value.clone(),
                    label: measure.label.clone(),
                    unit: measure.unit.clone().or_else(|| topic.unit.clone()),
                    unit_singular: inherited_singular(&measure.unit, &measure.unit_singular, &topic.unit_singular),
                    description: measure.description.clone(),
                });
            }
            let id = &topic.id.value;
            let what = say!(
                language,
                "the description of topic `{id}`",
                "die Beschreibung von Thema `{id}`"
            );
            self.markdown_urls(file, &topic.description, position(&topic.id), &what);
            ids.insert(topic.id.value.clone(), TopicId::new(topics.len()));
            measure_ids.push(by_id);
            let mut resolved = Topic {
                id: topic.id.value.clone(),
                title: topic.title.clone(),
                question: topic.question.clone(),
                unit: topic.unit.clone(),
                unit_singular: topic.unit_singular.clone(),
                description: topic.description.clone(),
                measures,
                claims: Vec::new(),
                constraints: Vec::new(),
                violations: Vec::new(),
            };
            self.topic_constraints(file, topic, &mut resolved);
            topics.push(resolved);
        }
        TopicTable {
            topics,
            ids,
            measure_ids,
        }
    }
}
