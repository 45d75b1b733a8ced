//! Unit tests of `export::diagram`.

use super::*;

fn chain() -> Diagram {
    let mut d = Diagram::new("test", "t", Lang::En, RankDir::LeftRight);
    for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
        let mut node =
            Node::resource(&format!("{ID}x/{name}"), NodeClass::Meeting, *name).priority(i as u32);
        if i == 0 {
            node = node.root();
        }
        d.add_node(node);
    }
    d.add_node(Node::resource(
        &format!("{ID}x/lonely"),
        NodeClass::Document,
        "lonely",
    ));
    d.add_edge("id:x/a", "id:x/b", Edge::new(EdgeKind::Held));
    d.add_edge("id:x/b", "id:x/c", Edge::new(EdgeKind::Held));
    d.add_edge("id:x/a", "id:x/d", Edge::new(EdgeKind::Held));
    d
}

#[test]
fn pruning_keeps_what_reaches_a_root() {
    let mut d = chain();
    let removed = d.prune();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].name(), "lonely");
    assert_eq!(d.len(), 4);
}

#[test]
fn limiting_keeps_the_most_important_and_says_what_went() {
    let mut d = chain();
    d.prune();
    let cut = d.limit(2).expect("cut");
    assert_eq!((cut.total, cut.kept), (4, 2));
    assert_eq!(cut.left_out, vec![(NodeClass::Meeting, 2)]);
    assert_eq!(cut.examples, ["c", "d"]);
    let message = cut.to_string();
    assert!(
        message.contains("left out 2: 2 meetings (c; d)"),
        "{message}"
    );
    assert!(message.contains("--max-nodes 4"), "{message}");
    assert!(d.limit(2).is_none());
}

#[test]
fn components_come_largest_first() {
    let d = chain();
    let components = d.components();
    assert_eq!(components.len(), 2);
    assert_eq!(components[0].len(), 4);
    assert_eq!(components[1], ["id:x/lonely"]);
}
