//! Limits on the inputs: generous for real catalogues (tens of thousands of
//! responsibilities), strict enough that no file can exhaust memory or time.
//! Each has a clear error with the place it is exceeded.

/// Largest input file: 32 MiB (a 20,000-item bilingual catalogue is ~10 MB).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Deepest nesting of YAML mappings and sequences (our files need 5).
pub const MAX_DEPTH: usize = 32;

/// Most YAML aliases (`*name`) in one file. Aliases can multiply a small
/// file into a huge one ("billion laughs"); handover files need none.
pub const MAX_ALIASES: usize = 64;

/// Most responsibilities in one catalogue.
pub const MAX_ITEMS: usize = 100_000;

/// Most contacts, sign-off parties or revisions in one engagement.
pub const MAX_ENTRIES: usize = 10_000;

/// Longest single text (a responsibility, a note, a name), in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Longest engagement id, in characters (it names a folder).
pub const MAX_ID_CHARS: usize = 64;

/// Most diagnostics reported for one file; the rest are counted, at the
/// place of the first left out.
pub const MAX_DIAGNOSTICS: usize = 200;
