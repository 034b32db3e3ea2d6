//! dossier: a static-site generator for fact-check dossiers.
//!
//! Data flows one way: [`load`] → [`model`] → [`render`] → [`write`]. See `ARCHITECTURE.md`.

pub mod anchor;
