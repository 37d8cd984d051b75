//! Legacy (non-Unicode) encodings of text input. GB18030 and Big5 accept most of each
//! other's byte sequences, so a Big5 file decodes "cleanly" as GB18030 into garbage: only
//! the statistics of the text tell them apart. `chardetng` (Firefox's detector) makes that
//! guess; a guess is reported as doubtful when the text is too short to be sure and the
//! other Chinese encoding decodes it too, or when a fallback had to be used.

use encoding_rs::{BIG5, Encoding, GBK};

/// Text decoded from a legacy encoding.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `gb18030`, `big5`, or encoding_rs's name in lower case for anything else.
    pub encoding: &'static str,
    /// Why the choice may be wrong, when it may.
    pub doubt: Option<String>,
}

/// Fewer non-ASCII characters than this leave GB18030 against Big5 open.
const SURE_CHARS: usize = 50;

/// The name recorded in `source.encoding`. encoding_rs's GBK decoder is its GB18030
/// decoder (four-byte sequences included), hence the name.
pub fn name(enc: &'static Encoding) -> &'static str {
    if enc == GBK {
        "gb18030"
    } else if enc == BIG5 {
        "big5"
    } else {
        match enc.name() {
            "Shift_JIS" => "shift_jis",
            "EUC-KR" => "euc-kr",
            "EUC-JP" => "euc-jp",
            "windows-1252" => "windows-1252",
            other => other,
        }
    }
}

/// Decodes bytes that are not UTF-8: the detector's guess first, then GB18030, then Big5;
/// None when none decodes without errors.
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    let mut order = vec![guess];
    for e in [GBK, BIG5] {
        if !order.contains(&e) {
            order.push(e);
        }
    }
    for (k, &enc) in order.iter().enumerate() {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            continue;
        }
        let text = text.into_owned();
        let doubt = if k > 0 {
            Some(format!(
                "decoded as {}: the bytes are not valid {}, the detector's guess",
                name(enc),
                name(guess)
            ))
        } else if enc != GBK && enc != BIG5 {
            Some(format!("decoded as {}, not a Chinese encoding", name(enc)))
        } else {
            let other = if enc == GBK { BIG5 } else { GBK };
            let chars = text.chars().filter(|c| !c.is_ascii()).count();
            let other_fits = !other.decode_without_bom_handling(bytes).1;
            (chars < SURE_CHARS && other_fits).then(|| {
                format!(
                    "decoded as {} from only {chars} non-ASCII characters; {} would fit too",
                    name(enc),
                    name(other)
                )
            })
        };
        return Some(Decoded {
            text,
            encoding: name(enc),
            doubt,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRAD: &str = "臺北市政府關於印發加強環境保護工作實施方案的通知\n府環字第123號\n\
        各區公所，市政府各局處：現將《加強環境保護工作實施方案》印發給你們，請認真貫徹執行。\
        各單位應於每季度結束後十日內報送執行情況。\n臺北市政府\n2019年1月10日\n（此件公開發布）\n";
    const SIMP: &str = "吕梁市人民政府关于做好2019年安全生产工作的通知\n吕政发〔2019〕2号\n\
        各县、市、区人民政府，市人民政府各委、办、局：现将有关事项通知如下，请认真贯彻执行。\n";

    #[test]
    fn big5_is_not_taken_for_gb18030() {
        let (bytes, _, _) = BIG5.encode(TRAD);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.doubt), (TRAD, "big5", None));
    }

    #[test]
    fn gbk_stays_gb18030() {
        let (bytes, _, _) = GBK.encode(SIMP);
        let d = decode(&bytes).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.doubt),
            (SIMP, "gb18030", None)
        );
    }

    #[test]
    fn a_short_text_is_doubtful() {
        let (bytes, _, _) = BIG5.encode("臺北市政府公報\n");
        let d = decode(&bytes).unwrap();
        assert!(d.doubt.is_some(), "{d:?}");
    }
}
