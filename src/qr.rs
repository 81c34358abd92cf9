//! QR codes of page addresses as small SVG files, for printed pages and posters.

use qrcode::bits::encode_auto;
use std::sync::{Arc, Mutex, OnceLock};

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};
use rustc_hash::FxHashMap;

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// The eight mask patterns of (non-micro) QR codes.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// An SVG QR code of `text`, black on white: one path that draws each row's
/// runs of dark modules as lines one module thick.
pub fn svg(text: &str) -> Option<String> {
    let (width, dark) = modules(text)?;
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in dark.chunks_exact(width).enumerate() {
        // Where the last line of this row ended.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            match pen {
                None => {
                    path.push('M');
                    push_number(&mut path, start + QUIET);
                    path.push(' ');
                    push_number(&mut path, y + QUIET);
                    path.push_str(".5");
                }
                Some(end) => {
                    path.push('m');
                    push_number(&mut path, start - end);
                    path.push_str(" 0");
                }
            }
            path.push('h');
            push_number(&mut path, x - start);
            pen = Some(x);
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"none\" stroke=\"#000\" d=\"{path}\"/></svg>\n",
        px = size * 4
    ))
}

/// The modules that a path of [`svg`] draws, row by row, in a code `width`
/// modules wide (for tests: it reads only what `svg` writes).
#[cfg(test)]
pub(crate) fn path_modules(path: &str, width: usize) -> Vec<bool> {
    let mut dark = vec![false; width * width];
    let (mut x, mut y) = (0, 0);
    let mut rest = path;
    while let Some(command) = rest.chars().next() {
        let end = rest[1..]
            .find(['M', 'm', 'h'])
            .map_or(rest.len(), |e| e + 1);
        let args = &rest[1..end];
        rest = &rest[end..];
        let number = |s: &str| s.parse::<f64>().expect("a number") as usize;
        match command {
            'M' => {
                let (a, b) = args.split_once(' ').expect("x y");
                (x, y) = (number(a) - QUIET, number(b) - QUIET);
            }
            'm' => x += number(args.split(' ').next().expect("dx")),
            'h' => {
                for _ in 0..number(args) {
                    assert!(!dark[y * width + x], "drawn twice");
                    dark[y * width + x] = true;
                    x += 1;
                }
            }
            other => panic!("unexpected {other}"),
        }
    }
    dark
}

/// Appends a number in decimal (the path has thousands of them).
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// The code's width and its modules row by row (`true` is dark), masked with
/// the pattern of the lowest penalty (ISO/IEC 18004, section 7.8.3).
fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let (width, version, canvas) = unmasked(text)?;
    let templates = mask_templates(version);
    let data = data_modules(width, &canvas);
    let best = if width <= 64 {
        // Masking flips the dark data modules of a template, and the words
        // of rows and columns flip the same way.
        let dark_data: Vec<bool> = data.iter().map(|d| *d == Some(true)).collect();
        let (data_rows, data_cols) = words(width, &dark_data);
        let flip = |template: &[u64], data: &[u64]| -> Vec<u64> {
            template.iter().zip(data).map(|(t, d)| t ^ d).collect()
        };
        (0..MASKS.len()).min_by_key(|&m| {
            let rows = flip(&templates.rows[m], &data_rows);
            let cols = flip(&templates.cols[m], &data_cols);
            penalty_words(width, &rows, &cols)
        })?
    } else {
        (0..MASKS.len()).min_by_key(|&m| penalty(width, &apply(&templates.modules[m], &data)))?
    };
    Some((width, apply(&templates.modules[best], &data)))
}

/// The data and error correction modules of an unmasked code (`None`
/// where a module is not one of them).
fn data_modules(width: usize, canvas: &Canvas) -> Vec<Option<bool>> {
    let side = i16::try_from(width).unwrap_or(i16::MAX);
    (0..side)
        .flat_map(|y| (0..side).map(move |x| (x, y)))
        .map(|(x, y)| match canvas.get(x, y) {
            Module::Unmasked(c) => Some(c == Color::Dark),
            _ => None,
        })
        .collect()
}

/// A code: its mask template where there is no data, the data inverted
/// where the template's mask is dark.
fn apply(template: &[bool], data: &[Option<bool>]) -> Vec<bool> {
    template
        .iter()
        .zip(data)
        .map(|(&t, d)| d.map_or(t, |dark| dark != t))
        .collect()
}

/// For each mask, a code of this version without data, masked: its
/// function patterns, format and version information, and the mask's
/// pattern where data goes.
struct Templates {
    /// The modules, row by row.
    modules: Vec<Vec<bool>>,
    /// For codes up to 64 modules wide, the rows and columns as words.
    rows: Vec<Vec<u64>>,
    cols: Vec<Vec<u64>>,
}

/// The mask templates of a version, made once.
fn mask_templates(version: Version) -> Arc<Templates> {
    type Cache = Mutex<FxHashMap<i16, Arc<Templates>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    let width = version.width();
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&width) {
        return found.clone();
    }
    let mut empty = Canvas::new(version, EcLevel::M);
    empty.draw_all_functional_patterns();
    let modules: Vec<Vec<bool>> = MASKS.iter().map(|&m| masked(&empty, m)).collect();
    let side = usize::try_from(width).unwrap_or(0);
    let (rows, cols) = if side <= 64 {
        modules.iter().map(|m| words(side, m)).unzip()
    } else {
        (Vec::new(), Vec::new())
    };
    let templates = Arc::new(Templates {
        modules,
        rows,
        cols,
    });
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(width, templates.clone());
    templates
}

/// The code's width, version and modules before masking.
fn unmasked(text: &str) -> Option<(usize, Version, Canvas)> {
    let bits = encode_auto(text.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    Some((usize::try_from(version.width()).ok()?, version, canvas))
}

/// The modules with `mask` applied, row by row (`true` is dark).
fn masked(canvas: &Canvas, mask: MaskPattern) -> Vec<bool> {
    let mut masked = canvas.clone();
    masked.apply_mask(mask);
    masked
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect()
}

/// The penalty score of a masked code: long runs, 2 × 2 blocks,
/// finder-like patterns and an unbalanced share of dark modules.
fn penalty(width: usize, dark: &[bool]) -> u32 {
    if width <= 64 {
        penalty_bits(width, dark)
    } else {
        penalty_generic(width, dark)
    }
}

/// [`penalty`] for codes of any width.
fn penalty_generic(width: usize, dark: &[bool]) -> u32 {
    let at = |x: usize, y: usize| dark[y * width + x];
    let mut score = 0;
    let mut runs: Vec<u32> = Vec::with_capacity(width);
    for transpose in [false, true] {
        for l in 0..width {
            runs.clear();
            let module = |i: usize| if transpose { at(l, i) } else { at(i, l) };
            let mut run = 1;
            for i in 1..width {
                if module(i) == module(i - 1) {
                    run += 1;
                } else {
                    runs.push(run);
                    run = 1;
                }
            }
            runs.push(run);
            score += line_penalty(&runs, module(0));
        }
    }
    for y in 0..width - 1 {
        for x in 0..width - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score += 3;
            }
        }
    }
    let dark_count = dark.iter().filter(|&&d| d).count();
    score + balance_penalty(dark_count, dark.len())
}

/// [`penalty`] for codes up to 64 modules wide.
fn penalty_bits(width: usize, dark: &[bool]) -> u32 {
    let (rows, cols) = words(width, dark);
    penalty_words(width, &rows, &cols)
}

/// The rows and the columns of a code up to 64 modules wide as the bits of
/// one word each (bit `x` of row `y` is the module at `x`, `y`).
fn words(width: usize, dark: &[bool]) -> (Vec<u64>, Vec<u64>) {
    let mut rows = vec![0u64; width];
    let mut cols = vec![0u64; width];
    for (y, row) in dark.chunks_exact(width).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            rows[y] |= u64::from(d) << x;
            cols[x] |= u64::from(d) << y;
        }
    }
    (rows, cols)
}

/// [`penalty`] from the words of rows and columns.
fn penalty_words(width: usize, rows: &[u64], cols: &[u64]) -> u32 {
    let mut score = 0;
    let mut runs: Vec<u32> = Vec::with_capacity(width);
    for &line in rows.iter().chain(cols) {
        runs.clear();
        let mut pos = 0;
        while pos < width {
            let rest = line >> pos;
            let run = if rest & 1 == 1 {
                (!rest).trailing_zeros()
            } else {
                rest.trailing_zeros()
            };
            let run = run.min((width - pos) as u32);
            runs.push(run);
            pos += run as usize;
        }
        score += line_penalty(&runs, line & 1 == 1);
    }
    // Two neighbours equal in both rows, and the rows equal: a 2 × 2 block.
    let pairs = (1u64 << (width - 1)) - 1;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & pairs;
        score += 3 * same.count_ones();
    }
    let dark_count = rows.iter().map(|r| r.count_ones() as usize).sum();
    score + balance_penalty(dark_count, width * width)
}

/// Penalty of one row or column from its run lengths (colours alternate,
/// the first run is dark when `first_dark`): 3 points for a run of five, plus
/// 1 for each further module; 40 points for each side of a dark 1, light 1,
/// dark 3, light 1, dark 1 pattern that has four light modules next to it
/// (the quiet zone counts as light).
fn line_penalty(runs: &[u32], first_dark: bool) -> u32 {
    let mut score: u32 = runs.iter().filter(|&&r| r >= 5).map(|r| r - 2).sum();
    let n = runs.len();
    let dark_from = if first_dark { 0 } else { 1 };
    for start in (dark_from..n.saturating_sub(4)).step_by(2) {
        if runs[start..start + 5] != [1, 1, 3, 1, 1] {
            continue;
        }
        if start <= 1 || runs[start - 1] >= 4 {
            score += 40;
        }
        let after = start + 5;
        if after >= n - 1 || runs[after] >= 4 {
            score += 40;
        }
    }
    score
}

/// 10 points for each 5 % of dark modules away from half.
fn balance_penalty(dark: usize, total: usize) -> u32 {
    let percent = (dark * 100 / total) as u32;
    percent.abs_diff(50) / 5 * 10
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes the modules with an independent QR reader.
    fn decode(width: usize, dark: &[bool]) -> String {
        let scale = 4;
        let size = width + 2 * QUIET;
        let pixels = size * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside =
                (QUIET..QUIET + width).contains(&mx) && (QUIET..QUIET + width).contains(&my);
            if inside && dark[(my - QUIET) * width + mx - QUIET] {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn codes_decode_to_their_text() {
        for text in [
            "https://example.org/de/health/insurance/",
            "https://streetwork.example.org/uk/work-and-money/minijob-rights-and-pay/",
            "https://example.org/ps/",
        ] {
            let (width, dark) = modules(text).unwrap();
            assert_eq!(decode(width, &dark), text);
        }
    }

    #[test]
    fn svg_lines_cover_exactly_the_dark_modules() {
        let text = "https://example.org/de/health/insurance/";
        let (width, dark) = modules(text).unwrap();
        let svg = svg(text).unwrap();
        let size = width + 2 * QUIET;
        assert!(svg.starts_with(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\""
        )));
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(path_modules(path, width), dark);
    }

    #[test]
    fn penalty_of_an_empty_code_follows_the_four_rules() {
        // 21 × 21 light modules: a run of 21 in each of 42 lines (21 - 2
        // points each), 20 × 20 blocks (3 each), no finder pattern, and 0 %
        // dark (10 points per 5 % away from half).
        let light = vec![false; 21 * 21];
        assert_eq!(penalty(21, &light), 42 * 19 + 400 * 3 + 100);
    }

    #[test]
    fn finder_like_patterns_cost_forty_points() {
        // One row with 1:1:3:1:1 and four light modules after it, in a code
        // that is otherwise a checkerboard (no runs, no blocks, half dark).
        let width = 21;
        let mut grid: Vec<bool> = (0..width * width)
            .map(|i| (i % width + i / width) % 2 == 0)
            .collect();
        let base = penalty(width, &grid);
        let row = 10;
        for (x, &d) in [
            true, false, true, true, true, false, true, false, false, false, false,
        ]
        .iter()
        .enumerate()
        {
            grid[row * width + x] = d;
        }
        let with_finder = penalty(width, &grid);
        assert!(with_finder >= base + 40, "{base} -> {with_finder}");
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 177, 1234, usize::MAX] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn word_and_generic_penalties_agree() {
        // A fixed pseudo-random sequence of grids, some of them mostly dark.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for width in [21, 25, 33, 57, 64] {
            for bias in [2, 3, 5] {
                let grid: Vec<bool> = (0..width * width).map(|_| next() % bias != 0).collect();
                assert_eq!(
                    penalty_bits(width, &grid),
                    penalty_generic(width, &grid),
                    "{width} {bias}"
                );
            }
        }
    }

    #[test]
    fn templates_give_the_codes_the_crate_masks() {
        // Versions 3 to 10: version information appears from version 7 on.
        for length in [20, 60, 120, 200, 260] {
            let text: String = "https://example.org/de/"
                .chars()
                .cycle()
                .take(length)
                .collect();
            let (width, version, canvas) = unmasked(&text).unwrap();
            let data = data_modules(width, &canvas);
            let templates = mask_templates(version);
            for (template, mask) in templates.modules.iter().zip(MASKS) {
                assert_eq!(
                    apply(template, &data),
                    masked(&canvas, mask),
                    "{length} {mask:?}"
                );
            }
        }
    }

    #[test]
    fn the_chosen_mask_has_the_lowest_penalty() {
        let text = "https://example.org/ar/health/insurance/";
        let (width, chosen) = modules(text).unwrap();
        let (_, _, canvas) = unmasked(text).unwrap();
        let best = penalty(width, &chosen);
        for mask in MASKS {
            assert!(penalty(width, &masked(&canvas, mask)) >= best);
        }
    }
}
