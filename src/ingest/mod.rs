//! Ingest: walk the folders, decode each file, parse it into a dispatch.

pub mod decode;
pub mod dispatch;
pub mod read;
pub mod walk;

pub use decode::{decode, DecodeError, SourceEncoding};
pub use dispatch::{parse, Dispatch, DispatchDate, Paragraph, ParagraphKind};
pub use read::{read_stable, FileBytes, ReadProblem};
pub use walk::{path_key, walk, FileCandidate, NameFilter, WalkError, WalkItem, WalkSkip};
