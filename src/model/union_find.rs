//! Union-find over claim indices, for the same-origin groups: the smaller index is the root, so
//! a group is named by its first claim.

use super::ids::ClaimId;

pub(super) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(super) fn new(len: usize) -> Self {
        Self {
            parent: (0..len).collect(),
        }
    }
    pub(super) fn find(&mut self, claim: ClaimId) -> ClaimId {
        let mut x = claim.index();
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        ClaimId::new(x)
    }
    pub(super) fn union(&mut self, a: ClaimId, b: ClaimId) {
        let (ra, rb) = (self.find(a).index(), self.find(b).index());
        // The smaller index is the root, so a group is named by its first claim.
        if ra < rb {
            self.parent[rb] = ra;
        } else {
            self.parent[ra] = rb;
        }
    }
}
