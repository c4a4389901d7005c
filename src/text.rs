//! Plain-text helpers shared by the screens and the printed documents.

/// Greedy word wrap in `width` columns; a word longer than a line is cut.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    #[test]
    fn errors_wrap_at_word_boundaries() {
        let lines = wrap_words(
            "Carattere di controllo errato (atteso E): ricontrollare il codice.",
            30,
        );
        assert_eq!(
            lines,
            [
                "Carattere di controllo errato",
                "(atteso E): ricontrollare il",
                "codice."
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
        assert_eq!(wrap_words("ABCDEFGHIJ", 4), ["ABCD", "EFGH", "IJ"]);
        assert!(wrap_words("", 10).is_empty());
        assert_eq!(wrap_words("ab", 0), ["a", "b"], "no width still ends");
    }
}
