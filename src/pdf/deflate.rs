//! zlib streams (`/FlateDecode`), at level 4: level 9 takes three times as
//! long for files 5 % smaller.
//!
//! - Each thread keeps one compressor and resets it between streams:
//!   setting one up (its window and hash tables, some 270 KiB) costs more
//!   than compressing most of a statement's streams.
//! - A stream longer than [`PIECE`] bytes (a font program) is compressed
//!   in as many equal pieces as it takes to make none longer, in
//!   parallel: each piece a raw deflate stream of
//!   its own, ended on a byte boundary by a sync flush (an empty stored
//!   block), the last one final; after the zlib header and before the
//!   Adler-32 of the whole, they are one deflate stream any reader
//!   inflates (no piece refers back into another). The pieces are fixed
//!   by the input, never by the machine: the same bytes always compress
//!   to the same stream.

use std::cell::RefCell;
use std::io::Write as _;

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

/// The longest piece a large stream is compressed in.
pub(crate) const PIECE: usize = 64 * 1024;

const LEVEL: u32 = 4;

// The header's FLEVEL (1, "fast") names zlib's levels 2 to 5.
const _: () = assert!(LEVEL >= 2 && LEVEL <= 5);

thread_local! {
    /// A raw deflate compressor: the zlib header and trailer are ours,
    /// so one compressor serves a stream whole or in pieces.
    static RAW: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(LEVEL), false));
}

/// `bytes` as a zlib stream.
pub(crate) fn deflate(bytes: &[u8]) -> Vec<u8> {
    let raw: Option<Vec<Vec<u8>>> = if bytes.len() <= PIECE {
        RAW.with_borrow_mut(|z| run(z, bytes, FlushCompress::Finish))
            .map(|r| vec![r])
    } else {
        let n = bytes.len().div_ceil(PIECE);
        let pieces: Vec<&[u8]> = bytes.chunks(bytes.len().div_ceil(n)).collect();
        let last = pieces.len() - 1;
        pieces
            .par_iter()
            .enumerate()
            .map(|(i, piece)| {
                let flush = if i == last {
                    FlushCompress::Finish
                } else {
                    FlushCompress::Sync
                };
                RAW.with_borrow_mut(|z| run(z, piece, flush))
            })
            .collect()
    };
    let Some(raw) = raw else {
        return fresh(bytes);
    };
    // CMF: deflate, 32 KiB window; FLG: the "fast" level and the check
    // bits that make the pair a multiple of 31.
    let mut out = Vec::with_capacity(raw.iter().map(Vec::len).sum::<usize>() + 6);
    out.extend_from_slice(&[0x78, 0x5E]);
    for r in &raw {
        out.extend_from_slice(r);
    }
    let mut adler = simd_adler32::Adler32::new();
    adler.write(bytes);
    out.extend_from_slice(&adler.finish().to_be_bytes());
    out
}

/// Runs `z` (reset first) over all of `bytes`, ending with `flush`;
/// `None` if it reports an error (which a compressor fed from memory into
/// memory has no cause to).
fn run(z: &mut Compress, bytes: &[u8], flush: FlushCompress) -> Option<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    loop {
        let read = usize::try_from(z.total_in()).ok()?;
        let rest = bytes.get(read..).unwrap_or_default();
        if out.len() == out.capacity() {
            out.reserve(out.capacity() / 2 + 64);
        }
        let status = z.compress_vec(rest, &mut out, flush).ok()?;
        // A sync flush is done once all input is read and the compressor
        // stopped with room to spare.
        let done = match status {
            Status::StreamEnd => true,
            Status::Ok | Status::BufError => {
                matches!(flush, FlushCompress::Sync)
                    && usize::try_from(z.total_in()).ok()? == bytes.len()
                    && out.len() < out.capacity()
            }
        };
        if done {
            return Some(out);
        }
    }
}

/// [`deflate`] with a compressor of its own, in one piece.
fn fresh(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::new(LEVEL),
    );
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z)
            .read_to_end(&mut out)
            .expect("a zlib stream, its Adler-32 right");
        out
    }

    /// Text-like bytes that compress (a font program is not random either).
    fn sample(len: usize) -> Vec<u8> {
        let mut x: u32 = 7;
        (0..len)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                if i % 7 == 0 {
                    (x >> 24) as u8
                } else {
                    b"abcdefgh"[(x >> 28) as usize % 8]
                }
            })
            .collect()
    }

    #[test]
    fn every_size_inflates_back_to_itself() {
        for len in [
            0,
            1,
            1000,
            2 * PIECE - 1,
            2 * PIECE,
            2 * PIECE + 1,
            3 * PIECE,
            5 * PIECE + 17,
        ] {
            let bytes = sample(len);
            let z = deflate(&bytes);
            assert_eq!(inflate(&z), bytes, "{len} bytes");
            assert!(
                len < 1000 || z.len() < bytes.len(),
                "{len} bytes did not shrink"
            );
            // The same bytes, the same stream, whichever thread ran each piece.
            assert_eq!(deflate(&bytes), z, "{len} bytes");
        }
    }

    #[test]
    fn a_large_stream_is_pieces_a_one_piece_reader_still_reads() {
        let bytes = sample(3 * PIECE);
        let z = deflate(&bytes);
        assert_eq!(&z[..2], &[0x78, 0x5E]);
        assert_eq!(
            &deflate(b"x")[..2],
            &[0x78, 0x5E],
            "one piece: the same header"
        );
        assert_eq!((u16::from(z[0]) << 8 | u16::from(z[1])) % 31, 0);
        // Two sync flushes: two empty stored blocks inside the stream.
        let flushes = z.windows(4).filter(|w| *w == [0, 0, 0xFF, 0xFF]).count();
        assert!(flushes >= 2, "{flushes}");
        // lopdf, as readers of the statement do, inflates it too.
        let mut s = lopdf::Stream::new(lopdf::Dictionary::new(), z);
        s.dict
            .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
        assert_eq!(s.decompressed_content().expect("lopdf inflates it"), bytes);
        // And a one-piece compression is no more than a few percent smaller.
        let one = fresh(&bytes);
        assert!(
            s.content.len() < one.len() + one.len() / 20,
            "{} vs {}",
            s.content.len(),
            one.len()
        );
    }
}
