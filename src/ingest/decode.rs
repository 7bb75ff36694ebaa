//! Turning a file's bytes into text.
//!
//! Rules, in order: an empty file (or only white space) is refused; a UTF-8
//! BOM is stripped; a UTF-16 BOM (LE or BE) decodes as UTF-16; a NUL byte
//! elsewhere marks a binary file, refused; valid UTF-8 is taken as it is;
//! anything else is decoded as Windows-1252 (a superset of Latin-1's printable
//! characters) and reported as transcoded.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How the bytes of a file were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    /// Plain UTF-8.
    Utf8,
    /// UTF-8 after a byte-order mark.
    Utf8Bom,
    /// UTF-16 little-endian with BOM (transcoded).
    Utf16Le,
    /// UTF-16 big-endian with BOM (transcoded).
    Utf16Be,
    /// Not valid UTF-8: decoded as Windows-1252 (transcoded).
    Windows1252,
}

impl SourceEncoding {
    /// Name used in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "utf-8",
            SourceEncoding::Utf8Bom => "utf-8 (bom)",
            SourceEncoding::Utf16Le => "utf-16le",
            SourceEncoding::Utf16Be => "utf-16be",
            SourceEncoding::Windows1252 => "windows-1252",
        }
    }

    /// Whether the text had to be converted to UTF-8.
    pub fn is_transcoded(self) -> bool {
        !matches!(self, SourceEncoding::Utf8 | SourceEncoding::Utf8Bom)
    }
}

/// Why a file's bytes are not a dispatch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// No bytes, or only white space.
    #[error("empty file")]
    Empty,
    /// A NUL byte outside UTF-16.
    #[error("binary file (NUL byte at offset {offset})")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// UTF-16 with invalid sequences.
    #[error("invalid {encoding} text")]
    Malformed {
        /// The encoding tried.
        encoding: &'static str,
    },
}

/// Decodes a file's bytes; see the module rules.
pub fn decode(bytes: &[u8]) -> Result<(String, SourceEncoding), DecodeError> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match simdutf8::basic::from_utf8(rest) {
            Ok(s) => (s.to_string(), SourceEncoding::Utf8Bom),
            Err(_) => (
                decode_with(WINDOWS_1252, rest)?,
                SourceEncoding::Windows1252,
            ),
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_with(UTF_16LE, rest)?, SourceEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_with(UTF_16BE, rest)?, SourceEncoding::Utf16Be)
    } else {
        if let Some(offset) = memchr::memchr(0, bytes) {
            return Err(DecodeError::Binary { offset });
        }
        // SIMD validation: accented text defeats std's ASCII fast path,
        // and this is read once per byte of the archive.
        match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => (s.to_string(), SourceEncoding::Utf8),
            Err(_) => (
                decode_with(WINDOWS_1252, bytes)?,
                SourceEncoding::Windows1252,
            ),
        }
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if encoding.is_transcoded() {
        if let Some(offset) = text.find('\0') {
            return Err(DecodeError::Binary { offset });
        }
    }
    Ok((text, encoding))
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Malformed {
            encoding: encoding.name(),
        });
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn utf8_is_kept() {
        let (t, e) = decode("date 2018-07 Régime".as_bytes()).unwrap();
        assert_eq!(t, "date 2018-07 Régime");
        assert_eq!(e, SourceEncoding::Utf8);
    }

    #[test]
    fn bom_is_stripped() {
        let (t, e) = decode(b"\xEF\xBB\xBFdate 2018").unwrap();
        assert_eq!(t, "date 2018");
        assert_eq!(e, SourceEncoding::Utf8Bom);
    }

    #[test]
    fn latin1_is_transcoded() {
        // "régime" in Latin-1: é = 0xE9.
        let (t, e) = decode(b"r\xE9gime").unwrap();
        assert_eq!(t, "régime");
        assert_eq!(e, SourceEncoding::Windows1252);
        // Windows-1252's right single quote (0x92).
        let (t, _) = decode(b"l\x92ONU").unwrap();
        assert_eq!(t, "l’ONU");
    }

    #[test]
    fn utf16_with_bom_is_transcoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "déjà".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes).unwrap(),
            ("déjà".to_string(), SourceEncoding::Utf16Le)
        );
        let mut bytes = vec![0xFE, 0xFF];
        for unit in "déjà".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(
            decode(&bytes).unwrap(),
            ("déjà".to_string(), SourceEncoding::Utf16Be)
        );
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\0\0"),
            Err(DecodeError::Binary { offset: 4 })
        );
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode(&bytes);
        }

        /// The SIMD validator takes as UTF-8 exactly what std takes, on
        /// text mixing ASCII, accented letters and stray bytes (longer than
        /// a SIMD block, so its block and tail paths both run).
        #[test]
        fn utf8_taken_as_std_takes_it(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(b"la province de ".to_vec()),
                    Just("é".as_bytes().to_vec()),
                    Just("’«»œ€".as_bytes().to_vec()),
                    proptest::collection::vec(any::<u8>(), 1..3),
                ],
                0..80,
            )
        ) {
            let bytes: Vec<u8> = parts.concat();
            // (A leading BOM is stripped and reported as such.)
            let utf8 = std::str::from_utf8(&bytes).is_ok()
                && !bytes.contains(&0)
                && !bytes.starts_with(b"\xEF\xBB\xBF");
            match decode(&bytes) {
                Ok((text, encoding)) => {
                    prop_assert_eq!(encoding == SourceEncoding::Utf8, utf8);
                    if utf8 {
                        prop_assert_eq!(text.as_bytes(), &bytes[..]);
                    }
                }
                // Valid UTF-8 is refused only when it is white space (or
                // holds a NUL byte, which `utf8` excludes).
                Err(_) => prop_assert!(
                    !utf8 || std::str::from_utf8(&bytes).is_ok_and(|t| t.trim().is_empty())
                ),
            }
        }
    }
}
