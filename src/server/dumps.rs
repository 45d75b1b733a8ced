//! The dumps, `/dump.nq` and `/dump.ttl`, as files: written once for each state of the store,
//! gzip-compressed, and sent from disk.
//!
//! Made for each request, a dump held a query slot for as long as its client read it, and its
//! canonicalisation held the whole dataset in memory: eight dumps at once at 2,000 documents
//! peaked at 2.0 GB, and four slow readers held every heavy slot for 106 s. Now each is written
//! once (by the first request, or as the server starts), into the store's `dumps/` directory,
//! named by the store's seal, so that a server started again on the same build sends the same
//! file. Requests share that one writing and hold no query slot. A file is sent in constant
//! memory: as it is, with `Content-Encoding: gzip`, to a client that accepts gzip (with `ETag`,
//! `Last-Modified`, `Range`), else decompressed as it is read.

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use oxhttp::model::header::{
    ACCEPT_RANGES, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG,
    HeaderValue, LAST_MODIFIED, VARY,
};
use oxhttp::model::{Body, Response, StatusCode};
use oxigraph::model::TermRef;
use oxigraph::store::Store;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::ServerError;
use super::dataset::{Dump, union_turtle};
use super::negotiate::Format;
use crate::graph::iri;

/// A dump written to disk.
#[derive(Debug, Clone)]
pub struct DumpFile {
    path: PathBuf,
    bytes: u64,
    tag: String,
    modified: SystemTime,
}

/// The state of the store a dump is written for: its seal while a build's (the same build, the
/// same file), else one of this process's own (after an update through the server).
pub fn state_key(store: &Store) -> Result<String, ServerError> {
    let meta = iri::meta_graph();
    let sealed = store
        .quads_for_pattern(
            Some(meta.as_ref().into()),
            Some(crate::vocab::ck::CONTENT_HASH),
            None,
            Some(crate::store::METADATA),
        )
        .next()
        .transpose()
        .map_err(|e| ServerError::Storage(e.to_string()))?;
    Ok(match sealed.as_ref().map(|q| q.object.as_ref()) {
        // a file name: the seal's digits and letters only
        Some(TermRef::Literal(seal)) => seal
            .value()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(32)
            .collect(),
        _ => {
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos();
            format!("unsealed-{}-{now}", std::process::id())
        }
    })
}

fn extension(which: Dump) -> &'static str {
    match which {
        Dump::NQuads => "nq",
        Dump::Turtle => "ttl",
    }
}

/// The dump of `store` in its state `key`, written into `directory` unless already there. Dumps
/// of other states in the directory are removed once this one is written.
pub fn write(
    store: &Store,
    directory: &Path,
    which: Dump,
    key: &str,
) -> Result<DumpFile, ServerError> {
    let name = format!("{key}.{}.gz", extension(which));
    let path = directory.join(&name);
    if !path.exists() {
        std::fs::create_dir_all(directory)?;
        let partial = directory.join(format!("{name}.partial"));
        let mut out = GzEncoder::new(
            BufWriter::with_capacity(1 << 16, File::create(&partial)?),
            Compression::default(),
        );
        match which {
            Dump::NQuads => crate::dump::write_canonical_nquads(store, &mut out)
                .map_err(|e| ServerError::Storage(e.to_string()))?,
            Dump::Turtle => union_turtle(store, &mut out)?,
        }
        let file = out
            .finish()?
            .into_inner()
            .map_err(|e| ServerError::Output(e.into_error()))?;
        file.sync_all()?;
        std::fs::rename(&partial, &path)?;
        remove_others(directory, which, &name);
    }
    let metadata = std::fs::metadata(&path)?;
    Ok(DumpFile {
        tag: format!("\"{key}-{}\"", extension(which)),
        bytes: metadata.len(),
        modified: metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        path,
    })
}

/// Removes the dumps of `which` of other states, and any partial file a killed server left.
fn remove_others(directory: &Path, which: Dump, kept: &str) {
    let suffix = format!(".{}.gz", extension(which));
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != kept && (name.ends_with(&suffix) || name.ends_with(&format!("{suffix}.partial")))
        {
            // a failure leaves a stale file, which costs only disk space
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What the request asks of a dump: whether it takes gzip, the range, and the validator it has.
#[derive(Debug, Default)]
pub struct Conditions<'a> {
    /// `Accept-Encoding`.
    pub accept_encoding: Option<&'a str>,
    /// `Range`.
    pub range: Option<&'a str>,
    /// `If-None-Match`.
    pub if_none_match: Option<&'a str>,
}

/// Whether `Accept-Encoding` takes gzip (not refused with `q=0`).
fn takes_gzip(accept_encoding: Option<&str>) -> bool {
    accept_encoding.is_some_and(|header| {
        header.split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
    })
}

/// The first and last byte of a `Range: bytes=…` header over `length` bytes; `None` when the
/// header is not one range of bytes (then the whole file is sent, as HTTP allows).
fn byte_range(header: &str, length: u64) -> Option<Result<(u64, u64), ServerError>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let unsatisfiable = || Err(ServerError::RangeNotSatisfiable { length });
    let range = match (first.trim(), last.trim()) {
        ("", suffix) => {
            let suffix: u64 = suffix.parse().ok()?;
            if suffix == 0 || length == 0 {
                return Some(unsatisfiable());
            }
            (length.saturating_sub(suffix), length - 1)
        }
        (first, "") => (first.parse().ok()?, length.saturating_sub(1)),
        (first, last) => {
            let (first, last): (u64, u64) = (first.parse().ok()?, last.parse().ok()?);
            if last < first {
                return None;
            }
            (first, last.min(length.saturating_sub(1)))
        }
    };
    Some(if range.0 >= length {
        unsatisfiable()
    } else {
        Ok(range)
    })
}

/// The response sending `file`.
pub fn respond(
    file: &DumpFile,
    which: Dump,
    conditions: &Conditions<'_>,
) -> Result<Response<Body>, ServerError> {
    let format = match which {
        Dump::NQuads => Format::NQuads,
        Dump::Turtle => Format::Turtle,
    };
    let mut builder = Response::builder()
        .header(CONTENT_TYPE, format.content_type())
        .header(VARY, "Accept-Encoding")
        .header(LAST_MODIFIED, httpdate::fmt_http_date(file.modified));
    let gzip = takes_gzip(conditions.accept_encoding);
    let tag = if gzip {
        format!("{}-gzip\"", file.tag.trim_end_matches('"'))
    } else {
        file.tag.clone()
    };
    builder = builder.header(ETAG, &tag);
    if conditions
        .if_none_match
        .is_some_and(|given| given.split(',').any(|t| t.trim() == tag || t.trim() == "*"))
    {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .map_err(|e| ServerError::Output(std::io::Error::other(e)));
    }
    let mut opened = File::open(&file.path)?;
    let response = if gzip {
        builder = builder
            .header(CONTENT_ENCODING, "gzip")
            .header(ACCEPT_RANGES, "bytes");
        match conditions.range.and_then(|r| byte_range(r, file.bytes)) {
            Some(range) => {
                let (first, last) = range?;
                opened.seek(SeekFrom::Start(first))?;
                builder
                    .status(StatusCode::PARTIAL_CONTENT)
                    .header(
                        CONTENT_RANGE,
                        format!("bytes {first}-{last}/{}", file.bytes),
                    )
                    .header(CONTENT_LENGTH, last - first + 1)
                    .body(Body::from_read(opened.take(last - first + 1)))
            }
            None => builder
                .header(CONTENT_LENGTH, file.bytes)
                .body(Body::from_read(opened)),
        }
    } else {
        // decompressed as it is read; a range of the decompressed bytes is not offered
        builder
            .header(ACCEPT_RANGES, HeaderValue::from_static("none"))
            .body(Body::from_read(GzDecoder::new(std::io::BufReader::new(
                opened,
            ))))
    };
    response.map_err(|e| ServerError::Output(std::io::Error::other(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        let ok = |header: &str| byte_range(header, 1000).map(|r| r.ok());
        assert_eq!(ok("bytes=0-99"), Some(Some((0, 99))));
        assert_eq!(ok("bytes=900-"), Some(Some((900, 999))));
        assert_eq!(ok("bytes=-100"), Some(Some((900, 999))));
        assert_eq!(ok("bytes=990-2000"), Some(Some((990, 999))));
        assert_eq!(ok("bytes=1000-"), Some(None), "past the end: 416");
        assert_eq!(ok("bytes=-0"), Some(None));
        // not one range of bytes: the whole file
        for ignored in ["bytes=0-1,5-6", "items=0-1", "bytes=5-1", "bytes=x-"] {
            assert_eq!(ok(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        assert!(takes_gzip(Some("gzip, deflate, br")));
        assert!(takes_gzip(Some("br;q=1.0, gzip;q=0.8")));
        assert!(takes_gzip(Some("*")));
        assert!(!takes_gzip(Some("gzip;q=0")));
        assert!(!takes_gzip(Some("identity")));
        assert!(!takes_gzip(None));
    }
}
