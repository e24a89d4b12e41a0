//! The template's logo: PNG decoded to pixels, JPEG passed through as is.

use crate::template::LogoKind;

/// A decoded logo, ready to embed.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The pixels.
    pub data: LogoData,
}

/// The logo's pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum LogoData {
    /// A JPEG file, embedded unchanged (`/DCTDecode`).
    Jpeg {
        /// The file.
        bytes: Vec<u8>,
        /// Colour components: 1 (grey), 3 (RGB) or 4 (CMYK).
        components: u8,
        /// Adobe CMYK JPEGs store inverted values.
        inverted: bool,
    },
    /// 8-bit pixels, row by row.
    Pixels {
        /// The samples.
        samples: Vec<u8>,
        /// Channels per pixel: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA.
        channels: u8,
    },
}

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Neither PNG nor JPEG.
    #[error("not a PNG or JPEG image")]
    Format,
    /// A broken PNG.
    #[error("cannot decode the PNG: {0}")]
    Png(String),
    /// A broken or unsupported JPEG.
    #[error("cannot read the JPEG: {0}")]
    Jpeg(String),
    /// Absurd dimensions.
    #[error("the image is {0}×{1} pixels; a logo must be between 1 and 4000 pixels each way")]
    Size(u32, u32),
}

/// Decodes a PNG or JPEG logo.
///
/// # Errors
/// The bytes are neither, or broken.
pub fn decode(bytes: &[u8]) -> Result<Logo, ImageError> {
    let logo = match LogoKind::of(bytes) {
        Some(LogoKind::Png) => decode_png(bytes)?,
        Some(LogoKind::Jpeg) => decode_jpeg(bytes)?,
        None => return Err(ImageError::Format),
    };
    if logo.width == 0 || logo.height == 0 || logo.width > 4000 || logo.height > 4000 {
        return Err(ImageError::Size(logo.width, logo.height));
    }
    Ok(logo)
}

fn decode_png(bytes: &[u8]) -> Result<Logo, ImageError> {
    let perr = |e: png::DecodingError| ImageError::Png(e.to_string());
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().map_err(perr)?;
    let (w, h) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if w == 0 || h == 0 || w > 4000 || h > 4000 {
        return Err(ImageError::Size(w, h));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| ImageError::Png("image too large".to_owned()))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(perr)?;
    buf.truncate(frame.buffer_size());
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => {
            return Err(ImageError::Png("palette not expanded".to_owned()));
        }
    };
    if frame.bit_depth != png::BitDepth::Eight {
        return Err(ImageError::Png("unsupported bit depth".to_owned()));
    }
    // Drop row padding, if any.
    let row = w as usize * channels;
    let samples = if frame.line_size == row {
        buf
    } else {
        buf.chunks(frame.line_size)
            .flat_map(|r| r.iter().take(row).copied())
            .collect()
    };
    Ok(Logo {
        width: w,
        height: h,
        data: LogoData::Pixels {
            samples,
            channels: u8::try_from(channels).unwrap_or(4),
        },
    })
}

/// Reads the frame header of a JPEG for its size and colour components.
fn decode_jpeg(bytes: &[u8]) -> Result<Logo, ImageError> {
    let err = |m: &str| ImageError::Jpeg(m.to_owned());
    let mut i = 2usize;
    let mut adobe_inverted = false;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return Err(err("corrupt marker"));
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if matches!(marker, 0xD8 | 0x01 | 0xD0..=0xD7) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let seg = bytes
            .get(i + 4..i + 2 + len)
            .ok_or_else(|| err("truncated segment"))?;
        match marker {
            // APP14 "Adobe": CMYK JPEGs from Adobe apps are inverted.
            0xEE if seg.starts_with(b"Adobe") => adobe_inverted = true,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if matches!(marker, 0xC3 | 0xC7 | 0xCB | 0xCF) {
                    return Err(err("lossless JPEG is not supported by PDF"));
                }
                if seg.len() < 6 {
                    return Err(err("short frame header"));
                }
                if seg[0] != 8 {
                    return Err(err("only 8-bit JPEGs are supported"));
                }
                let h = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
                let w = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
                let components = seg[5];
                if !matches!(components, 1 | 3 | 4) {
                    return Err(err("unsupported number of colour components"));
                }
                return Ok(Logo {
                    width: w,
                    height: h,
                    data: LogoData::Jpeg {
                        bytes: bytes.to_vec(),
                        components,
                        inverted: components == 4 && adobe_inverted,
                    },
                });
            }
            0xDA => return Err(err("no frame header before the image data")),
            _ => {}
        }
        i += 2 + len;
    }
    Err(err("no frame header"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(color: png::ColorType, w: u32, h: u32, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(color);
            enc.set_depth(png::BitDepth::Eight);
            let mut wr = enc.write_header().expect("header");
            wr.write_image_data(data).expect("data");
        }
        out
    }

    #[test]
    fn decodes_png_with_alpha() {
        let bytes = png(
            png::ColorType::Rgba,
            2,
            1,
            &[255, 0, 0, 255, 0, 0, 255, 128],
        );
        let logo = decode(&bytes).expect("png");
        assert_eq!((logo.width, logo.height), (2, 1));
        assert_eq!(
            logo.data,
            LogoData::Pixels {
                samples: vec![255, 0, 0, 255, 0, 0, 255, 128],
                channels: 4
            }
        );
    }

    #[test]
    fn reads_jpeg_header() {
        // SOI, SOF0 (8-bit, 3×2, 3 components), EOI.
        let bytes = [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x03, 0x03, 1, 0x11, 0, 2,
            0x11, 0, 3, 0x11, 0, 0xFF, 0xD9,
        ];
        let logo = decode(&bytes).expect("jpeg");
        assert_eq!((logo.width, logo.height), (3, 2));
        assert!(matches!(logo.data, LogoData::Jpeg { components: 3, .. }));
    }

    #[test]
    fn rejects_other_files() {
        assert_eq!(decode(b"GIF89a"), Err(ImageError::Format));
    }
}
