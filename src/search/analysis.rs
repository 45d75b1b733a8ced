//! How text becomes search terms, per language: Chinese cut into words by jieba, the other
//! languages split on what is not a letter or digit, lowercased and stemmed where tantivy has a
//! stemmer for the language (`smuggle` and "smuggling" give one term).

use std::sync::LazyLock;

use tantivy::Index;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// The languages whose paragraphs have an analyser of their own, each with the name of its
/// tantivy tokenizer; paragraphs in any other language go to [`OTHER`].
pub const LANGUAGES: [(&str, &str); 6] = [
    ("zh", "ctockg_zh"),
    ("en", "ctockg_en"),
    ("fr", "ctockg_fr"),
    ("es", "ctockg_es"),
    ("ru", "ctockg_ru"),
    ("ar", "ctockg_ar"),
];

/// The tokenizer of paragraphs in a language without an analyser of its own.
pub const OTHER: &str = "ctockg_other";

/// Tokens longer than this many bytes are dropped (a run of digits or a URL, not a word).
const LONGEST_TOKEN: usize = 40;

/// jieba's dictionary, loaded once per process on the first Chinese text (about a third of a
/// second).
static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

/// Chinese text cut into words by jieba in its search mode, which also gives the shorter words
/// inside a long one (工作组 gives 工作 and 工作组), so that a query finds a word inside a
/// compound. A token's position is the index of its first character: the words of a phrase
/// keep their distances whichever way the text around them was cut, and a query's words
/// match as a phrase wherever they stand side by side in a paragraph.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChineseTokenizer;

/// The tokens of one text, made at once.
pub struct ChineseTokens {
    tokens: Vec<Token>,
    /// The index of the current token plus one (0 before the first `advance`).
    next: usize,
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = ChineseTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseTokens {
        // jieba counts characters; tantivy's offsets are bytes
        let mut byte_at: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        byte_at.push(text.len());
        let tokens = JIEBA
            .tokenize(text, jieba_rs::TokenizeMode::Search, true)
            .into_iter()
            // punctuation and spaces are no words to search for
            .filter(|t| t.word.chars().any(char::is_alphanumeric) && t.word.len() <= LONGEST_TOKEN)
            .map(|t| Token {
                offset_from: byte_at[t.start],
                offset_to: byte_at[t.end],
                position: t.start,
                text: t.word.to_lowercase(),
                position_length: t.end - t.start,
            })
            .collect();
        ChineseTokens { tokens, next: 0 }
    }
}

impl TokenStream for ChineseTokens {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next.saturating_sub(1)]
    }
}

/// Words split on what is not a letter or digit, lowercased, and stemmed in `language`.
fn stemmed(language: Option<Language>) -> TextAnalyzer {
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser);
    match language {
        Some(language) => words.filter(Stemmer::new(language)).build(),
        None => words.build(),
    }
}

/// Registers the analysers with an index (tantivy keeps only their names in the schema).
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    for (lang, name) in LANGUAGES {
        let analyzer = match lang {
            "zh" => TextAnalyzer::builder(ChineseTokenizer).build(),
            "en" => stemmed(Some(Language::English)),
            "fr" => stemmed(Some(Language::French)),
            "es" => stemmed(Some(Language::Spanish)),
            "ru" => stemmed(Some(Language::Russian)),
            "ar" => stemmed(Some(Language::Arabic)),
            _ => stemmed(None),
        };
        tokenizers.register(name, analyzer);
    }
    tokenizers.register(OTHER, stemmed(None));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize)> {
        let mut tokenizer = ChineseTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            assert_eq!(
                &text[token.offset_from..token.offset_to].to_lowercase(),
                &token.text
            );
            out.push((token.text.clone(), token.position));
        }
        out
    }

    #[test]
    fn chinese_words_keep_their_character_positions_and_lose_punctuation() {
        let cut = tokens("偷运移民问题工作组，UNODC。");
        assert!(cut.contains(&("偷运".to_owned(), 0)), "{cut:?}");
        assert!(cut.contains(&("移民".to_owned(), 2)), "{cut:?}");
        assert!(cut.contains(&("工作组".to_owned(), 6)), "{cut:?}");
        assert!(cut.contains(&("unodc".to_owned(), 10)), "{cut:?}");
        assert!(
            cut.iter().all(|(word, _)| word != "，" && word != "。"),
            "{cut:?}"
        );
    }

    #[test]
    fn an_empty_text_has_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens("，。 ").is_empty());
    }
}
