//! Spanish words: "resolución 55/25 de la Asamblea General", "el párrafo 3 del artículo 32 de la Convención", "celebrada en Viena del … al …".

use super::{Target, Words};

pub(super) const WORDS: Words = Words {
    resolution: r"resoluci(?:ón|ones)",
    decision: r"decisi(?:ón|ones)",
    body_between: None,
    and: r"\s+y\s+",
    to: r"\s+a\s+",
    article: r"artículos?|art\.",
    paragraph: r"párrafos?|párr\.",
    subparagraph: r"apartados?|incisos?",
    point: r"\(?([a-z])\)",
    of_article: r"\s+del\s+(?:artículo|art\.)\s+",
    of_instrument: r"^,?\s+(?:de\s+la|del|de\s+los|de\s+este|de\s+esta)\s+(?:presente\s+|citad[ao]\s+)?",
    of_is_explicit: true,
    assembly: r"asamblea\s+general",
    conference: r"conferencia",
    outside: r"comisión|consejo",
    instruments: &[
        (
            r"Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
            Target::Key("UNTOC"),
        ),
        (
            r"Convención contra la Delincuencia Organizada(?: Transnacional)?",
            Target::Key("UNTOC"),
        ),
        (
            r"Protocolo contra el Tráfico Ilícito de Migrantes(?: por Tierra, Mar y Aire)?",
            Target::Key("SOM"),
        ),
        (
            r"Protocolo sobre el tráfico ilícito de migrantes",
            Target::Key("SOM"),
        ),
        (
            r"Protocolo para Prevenir, Reprimir y Sancionar la Trata de Personas(?:, Especialmente Mujeres y Niños)?",
            Target::Key("TIP"),
        ),
        (
            r"Protocolo (?:contra|sobre) la Trata de Personas",
            Target::Key("TIP"),
        ),
        (
            r"Protocolo contra la Fabricación y el Tráfico Ilícitos de Armas de Fuego(?:, Sus Piezas y Componentes y Municiones)?",
            Target::Key("FIREARMS"),
        ),
        (
            r"Protocolo (?:sobre|de) (?:las )?Armas de Fuego",
            Target::Key("FIREARMS"),
        ),
        (r"(?-i:Convención)", Target::BareConvention),
        (r"(?-i:Protocolo)\b", Target::BareProtocol),
    ],
    parties_to: r"conferencia\s+de\s+las\s+partes\s+en\s+la\s+$",
    another_convention: r"^\s+(?:sobre|relativa|de|del|para|contra|europea|americana|africana|interamericana)\b",
    held_in: r"\bcelebrad[ao]s?\s+en\s+(\p{Lu}[\p{L}-]+)",
    ordinal_meeting: r"\b(\p{L}+)\s+reunión\b",
    ordinals: &[
        "primer[ao]?",
        "segund[ao]",
        "tercer[ao]?",
        "cuart[ao]",
        "quint[ao]",
        "sext[ao]",
        "séptim[ao]",
        "octav[ao]",
        "noven[ao]",
        "décim[ao]",
        "undécim[ao]|decimoprimer[ao]?",
        "duodécim[ao]|decimosegund[ao]",
        "decimotercer[ao]?",
        "decimocuart[ao]",
        "decimoquint[ao]",
    ],
    bodies: &[
        (
            r"grupo de trabajo sobre el tráfico ilícito de migrantes",
            "wg7",
        ),
        (r"grupo de trabajo sobre la trata de personas", "wg4"),
        (r"grupo de trabajo sobre (?:las )?armas de fuego", "wg6"),
        (r"conferencia de las partes", "cop"),
    ],
    places: &[("Viena", "Vienna"), ("Nueva York", "New York")],
};
