//! A small tokenizer for content streams and CMaps (both are PostScript-like operand/operator
//! sequences). Our own rather than lopdf's because it must be fast, allocation-light and total:
//! any byte sequence yields tokens and ends, never an error or a panic.

use std::borrow::Cow;

/// An operand; only the kinds the text interpreter and CMap reader look at are kept. Names
/// and strings without escapes borrow the stream's bytes: no allocation per operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    Num(f32),
    Name(&'a [u8]),
    Str(Cow<'a, [u8]>),
    /// A hex string of a content stream, its digits as written (between `<` and `>`):
    /// decoded where it is shown ([`decode_hex`]), into a buffer the interpreter reuses.
    Hex(&'a [u8]),
    Array(Vec<Operand<'a>>),
    /// Dictionaries, booleans, null: skipped but counted so operand positions stay right.
    Other,
}

impl Operand<'_> {
    pub fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

/// Nesting limit for arrays and dictionaries: a hostile stream can open thousands.
const MAX_DEPTH: usize = 32;
/// Items kept per array (a `TJ` line of a page has a few thousand at most).
const MAX_ITEMS: usize = 1 << 16;

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    max_operands: usize,
    /// Hex strings as [`Operand::Hex`] (content streams) or decoded (CMaps).
    raw_hex: bool,
}

/// The bytes of hex digits as PDF reads them: other characters (white space) are skipped,
/// an odd last digit is followed by 0.
pub fn decode_hex(digits: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(digits.len().div_ceil(2));
    let mut hi: Option<u8> = None;
    for &b in digits {
        if let Some(v) = hex_val(b) {
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    /// A content-stream lexer: no operator takes more than a few operands.
    pub fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            max_operands: 64,
            raw_hex: true,
        }
    }

    /// A CMap lexer: `beginbfchar … endbfchar` holds up to 100 pairs (more in sloppy files).
    pub fn for_cmap(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            max_operands: 1 << 16,
            raw_hex: false,
        }
    }

    fn skip_white(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\r' | b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Reads operands into `ops` (cleared first) up to the next operator, which is returned.
    /// `None` at the end of the data. Inline images (`BI … ID … EI`) are skipped whole and
    /// returned as the one operator `BI`.
    pub fn next_op(&mut self, ops: &mut Vec<Operand<'a>>) -> Option<&'a [u8]> {
        ops.clear();
        loop {
            self.skip_white();
            if self.pos >= self.data.len() {
                return None;
            }
            match self.token(0) {
                Tok::Operand(o) => {
                    // An operator with absurdly many operands is garbage; keep memory bounded.
                    if ops.len() < self.max_operands {
                        ops.push(o);
                    }
                }
                Tok::Keyword(k) => {
                    if k == b"BI" {
                        // Skipped whole; the caller still learns an image was drawn.
                        self.skip_inline_image();
                        ops.clear();
                        return Some(k);
                    }
                    return Some(k);
                }
                Tok::Skip => {}
            }
        }
    }

    fn token(&mut self, depth: usize) -> Tok<'a> {
        let b = self.data[self.pos];
        match b {
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while self.pos < self.data.len()
                    && !is_white(self.data[self.pos])
                    && !is_delim(self.data[self.pos])
                {
                    self.pos += 1;
                }
                Tok::Operand(Operand::Name(&self.data[start..self.pos]))
            }
            b'(' => Tok::Operand(Operand::Str(self.literal_string())),
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    self.skip_until_close(depth, b'>');
                    Tok::Operand(Operand::Other)
                } else {
                    let digits = self.hex_digits();
                    if self.raw_hex {
                        Tok::Operand(Operand::Hex(digits))
                    } else {
                        let mut out = Vec::new();
                        decode_hex(digits, &mut out);
                        Tok::Operand(Operand::Str(Cow::Owned(out)))
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    if self.pos >= self.data.len() {
                        break;
                    }
                    if self.data[self.pos] == b']' {
                        self.pos += 1;
                        break;
                    }
                    if depth >= MAX_DEPTH {
                        self.pos += 1;
                        continue;
                    }
                    let start = self.pos;
                    match self.token(depth + 1) {
                        // A 32M-item TJ array is an attack on memory: keep the first items.
                        Tok::Operand(o) if items.len() < MAX_ITEMS => {
                            // Sized for a typical TJ line (strings and kerning numbers) at
                            // the first item, not grown; `[]` allocates nothing.
                            if items.is_empty() {
                                items.reserve(16);
                            }
                            items.push(o)
                        }
                        Tok::Operand(_) => {}
                        // An operator inside an array means the array was never closed:
                        // end it here so the operator (and the rest of the stream) still
                        // runs.
                        Tok::Keyword(_) => {
                            self.pos = start;
                            break;
                        }
                        Tok::Skip => {}
                    }
                }
                Tok::Operand(Operand::Array(items))
            }
            b']' | b')' | b'>' | b'{' | b'}' => {
                self.pos += 1;
                Tok::Skip
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let start = self.pos;
                self.pos += 1;
                while self.pos < self.data.len()
                    && matches!(self.data[self.pos], b'0'..=b'9' | b'.' | b'-' | b'+')
                {
                    self.pos += 1;
                }
                Tok::Operand(Operand::Num(parse_num(&self.data[start..self.pos])))
            }
            _ => {
                let start = self.pos;
                while self.pos < self.data.len()
                    && !is_white(self.data[self.pos])
                    && !is_delim(self.data[self.pos])
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1;
                    return Tok::Skip;
                }
                let k = &self.data[start..self.pos];
                match k {
                    b"true" | b"false" | b"null" => Tok::Operand(Operand::Other),
                    _ => Tok::Keyword(k),
                }
            }
        }
    }

    /// Skips a `<< … >>` dictionary (already past the opening `<<`).
    fn skip_until_close(&mut self, _depth: usize, _close: u8) {
        let mut nest = 1usize;
        while self.pos < self.data.len() {
            match self.data[self.pos] {
                b'(' => {
                    self.literal_string();
                    continue;
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    nest += 1;
                    self.pos += 2;
                    continue;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    nest -= 1;
                    self.pos += 2;
                    if nest == 0 {
                        return;
                    }
                    continue;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        self.pos += 1; // '('
        // Most strings hold no escape: then they are the bytes up to the closing parenthesis
        // (nested pairs included), borrowed.
        let data = self.data;
        let start = self.pos;
        let mut nest = 1usize;
        let mut end = start;
        while end < data.len() {
            match data[end] {
                b'\\' => break,
                b'(' => nest += 1,
                b')' => {
                    nest -= 1;
                    if nest == 0 {
                        self.pos = end + 1;
                        return Cow::Borrowed(&data[start..end]);
                    }
                }
                _ => {}
            }
            end += 1;
        }
        if end == data.len() {
            // Unterminated, without an escape: the rest of the data.
            self.pos = end;
            return Cow::Borrowed(&data[start..end]);
        }
        Cow::Owned(self.literal_string_escaped())
    }

    /// [`Self::literal_string`] of a string with escapes (from just past its `(`).
    fn literal_string_escaped(&mut self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32);
        let mut nest = 1usize;
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            self.pos += 1;
            match b {
                b'(' => {
                    nest += 1;
                    out.push(b);
                }
                b')' => {
                    nest -= 1;
                    if nest == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    /// The digits of a hex string, up to its `>` (or the end of the data), past it.
    fn hex_digits(&mut self) -> &'a [u8] {
        self.pos += 1; // '<'
        let data = self.data;
        let start = self.pos;
        match memchr::memchr(b'>', &data[start..]) {
            Some(n) => {
                self.pos = start + n + 1;
                &data[start..start + n]
            }
            None => {
                self.pos = data.len();
                &data[start..]
            }
        }
    }

    /// Past `BI`: skip the image dictionary to `ID`, then the binary data to an `EI` that
    /// stands alone between white space.
    fn skip_inline_image(&mut self) {
        let d = self.data;
        while self.pos + 1 < d.len() {
            if d[self.pos] == b'I'
                && d[self.pos + 1] == b'D'
                && (self.pos == 0 || is_white(d[self.pos - 1]))
            {
                self.pos += 2;
                break;
            }
            self.pos += 1;
        }
        while self.pos + 2 < d.len() {
            if is_white(d[self.pos])
                && d[self.pos + 1] == b'E'
                && d[self.pos + 2] == b'I'
                && d.get(self.pos + 3).is_none_or(|&b| is_white(b))
            {
                self.pos += 3;
                return;
            }
            self.pos += 1;
        }
        self.pos = d.len();
    }
}

enum Tok<'a> {
    Operand(Operand<'a>),
    Keyword(&'a [u8]),
    Skip,
}

/// Lenient number parsing: `--5`, `1.2.3` and friends give their best reading, never NaN.
fn parse_num(s: &[u8]) -> f32 {
    let mut neg = false;
    let mut i = 0;
    while i < s.len() && matches!(s[i], b'+' | b'-') {
        neg ^= s[i] == b'-';
        i += 1;
    }
    let mut int: f64 = 0.0;
    while i < s.len() && s[i].is_ascii_digit() {
        int = int * 10.0 + (s[i] - b'0') as f64;
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < s.len() && s[i].is_ascii_digit() {
            int += (s[i] - b'0') as f64 * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    let v = if neg { -int } else { int };
    v.clamp(-1e9, 1e9) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand<'_>>)> {
        let mut lx = Lexer::new(src);
        let mut v = Vec::new();
        let mut out = Vec::new();
        while let Some(k) = lx.next_op(&mut v) {
            out.push((String::from_utf8_lossy(k).into_owned(), v.clone()));
        }
        out
    }

    #[test]
    fn tokens() {
        let r = ops(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm [(a\\(b) -250 <4E2D>] TJ ET");
        assert_eq!(r[1].0, "Tf");
        assert_eq!(r[1].1[0], Operand::Name(b"F1"));
        assert_eq!(r[2].1[5], Operand::Num(-0.5));
        assert_eq!(
            r[3].1[0],
            Operand::Array(vec![
                Operand::Str(b"a(b".to_vec().into()),
                Operand::Num(-250.0),
                Operand::Hex(b"4E2D")
            ])
        );
    }

    #[test]
    fn hex_strings_are_borrowed_in_content_and_decoded_in_cmaps() {
        let hex_of = |src: &'static [u8]| match Lexer::new(src).token(0) {
            Tok::Operand(Operand::Hex(h)) => h,
            _ => panic!("no hex string"),
        };
        assert_eq!(hex_of(b"<4E2D> Tj"), b"4E2D");
        assert_eq!(hex_of(b"<4e 2\nd"), b"4e 2\nd", "unterminated: the rest");
        let decoded = |digits: &[u8]| {
            let mut out = vec![0xAA];
            decode_hex(digits, &mut out);
            out
        };
        assert_eq!(decoded(b"4E2D"), [0x4e, 0x2d]);
        assert_eq!(
            decoded(b"4e 2\nd"),
            [0x4e, 0x2d],
            "white space and junk skipped"
        );
        assert_eq!(
            decoded(b"4E2"),
            [0x4e, 0x20],
            "an odd last digit is followed by 0"
        );
        assert_eq!(decoded(b""), [0u8; 0]);
        match Lexer::for_cmap(b"<4E2D> <0041> endbfchar").token(0) {
            Tok::Operand(Operand::Str(s)) => assert_eq!(&*s, [0x4e, 0x2d]),
            _ => panic!("a CMap's hex string is decoded"),
        }
    }

    #[test]
    fn strings_without_escapes_are_borrowed_and_read_alike() {
        let str_of = |src: &'static [u8]| match Lexer::new(src).token(0) {
            Tok::Operand(Operand::Str(s)) => s,
            _ => panic!("no string"),
        };
        let s = str_of(b"(a(b)c) Tj");
        assert!(matches!(s, Cow::Borrowed(b"a(b)c")));
        let s = str_of(b"(a\\)b(c\\n)) Tj");
        assert!(matches!(&s, Cow::Owned(v) if v == b"a)b(c\n)"));
        assert_eq!(&*str_of(b"(abc"), b"abc");
        assert_eq!(&*str_of(b"(a(b"), b"a(b");
        assert_eq!(&*str_of(b"(a\\"), b"a");
        assert_eq!(&*str_of(b"()"), b"");
    }

    #[test]
    fn inline_image_and_garbage() {
        let r = ops(b"q BI /W 1 /H 1 ID \x00\xffEI\x01 EI Q");
        assert_eq!(
            r.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(),
            ["q", "BI", "Q"]
        );
        // Unterminated constructs end cleanly; an unclosed array ends at the next operator.
        let r = ops(b"[ (a) 1 Tj [[[ BT ET");
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].0, "BT");
        ops(b"[[[[(abc");
        ops(b"<< /A << /B (x");
        ops(b"<abc");
    }
}
