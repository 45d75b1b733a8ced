//! English citations rules.

use crate::corpus::Block;
use crate::extract::DocumentFacts;
use crate::gazetteer::Gazetteer;

/// Extracts what English blocks state (none yet: the rules land with their fixtures).
pub fn extract(
    _blocks: &[Block],
    _own_body: &str,
    _gazetteer: &Gazetteer,
    _facts: &mut DocumentFacts,
) {
}
