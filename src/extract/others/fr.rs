//! French words: "résolution 5/3", "l'article 27, paragraphe 1 e), de la Convention", "tenue à Vienne du … au …".

use super::{Target, Words};

pub(super) const WORDS: Words = Words {
    resolution: r"résolutions?",
    decision: r"décisions?",
    body_between: None,
    and: r"\s+et\s+",
    to: r"\s+à\s+",
    article: r"articles?|art\.",
    paragraph: r"paragraphes?|par\.",
    subparagraph: r"alinéas?",
    point: r"\(?([a-z])\)",
    of_article: r"\s+de\s+l['’]\s?(?:article|art\.)\s+",
    of_instrument: r"^,?\s+(?:de\s+la|de\s+l['’]|du|des|de\s+ce|de\s+cette)\s*(?:présente?\s+|dite?\s+)?",
    of_is_explicit: true,
    assembly: r"assemblée\s+générale",
    conference: r"conférence",
    outside: r"commission|conseil",
    instruments: &[
        (
            r"Convention des Nations Unies contre la criminalité transnationale organisée",
            Target::Key("UNTOC"),
        ),
        (
            r"Convention contre la criminalité (?:transnationale )?organisée",
            Target::Key("UNTOC"),
        ),
        (
            r"Protocole contre le trafic illicite de migrants(?: par terre, (?:mer et air|air et mer))?",
            Target::Key("SOM"),
        ),
        (
            r"Protocole relatif au trafic illicite de migrants",
            Target::Key("SOM"),
        ),
        (
            r"Protocole visant à prévenir, réprimer et punir la traite des personnes(?:, en particulier des femmes et des enfants)?",
            Target::Key("TIP"),
        ),
        (
            r"Protocole relatif à la traite des personnes",
            Target::Key("TIP"),
        ),
        (
            r"Protocole contre la fabrication et le trafic illicites d['’]armes à feu(?:, de leurs pièces, éléments et munitions)?",
            Target::Key("FIREARMS"),
        ),
        (
            r"Protocole relatif aux armes à feu",
            Target::Key("FIREARMS"),
        ),
        (r"(?-i:Convention)\b", Target::BareConvention),
        (r"(?-i:Protocole)\b", Target::BareProtocol),
    ],
    parties_to: r"conférence\s+des\s+parties\s+à\s+la\s+$",
    another_convention: r"^\s+(?:relative|sur|de|des|du|pour|contre|concernant|européenne|américaine|africaine)\b",
    held_in: r"\btenue?s?\s+à\s+(\p{Lu}[\p{L}-]+)",
    ordinal_meeting: r"\b(\p{L}+)\s+réunion\b",
    ordinals: &[
        "premi(?:er|ère)",
        "deuxième|seconde?",
        "troisième",
        "quatrième",
        "cinquième",
        "sixième",
        "septième",
        "huitième",
        "neuvième",
        "dixième",
        "onzième",
        "douzième",
        "treizième",
        "quatorzième",
        "quinzième",
    ],
    bodies: &[
        (
            r"groupe de travail sur (?:le )?trafic illicite de migrants",
            "wg7",
        ),
        (r"groupe de travail sur la traite des personnes", "wg4"),
        (r"groupe de travail sur les armes à feu", "wg6"),
        (r"conférence des parties", "cop"),
    ],
    places: &[("Vienne", "Vienna"), ("New York", "New York")],
};
