//! The front page of a UN document: symbol, dates, languages, body, session, type, title and
//! job number, in any of the six UN languages.
