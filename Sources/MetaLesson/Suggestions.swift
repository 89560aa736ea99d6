/// "Did you mean" suggestions ranked by Damerau–Levenshtein (optimal string alignment) distance.
public enum Suggestions {
    /// The edit distance between two strings, counting insertions, deletions, substitutions
    /// and transpositions of adjacent characters; case-insensitive, `_` and `-` are equal.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(normalized(a)), t = Array(normalized(b))
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Three rolling rows: two back (for transpositions), previous, current.
        var twoBack = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    best = min(best, twoBack[j - 2] + 1)
                }
                current[j] = best
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[t.count]
    }

    /// The candidates close enough to `word` to be worth suggesting, best first.
    ///
    /// A candidate qualifies when its distance is at most about a third of the word's length
    /// (at least 1, at most 3), or when it starts with the word (`iter` → `iterations`).
    /// Ties are broken by the longer common prefix, then alphabetically.
    public static func ranked(_ word: String, among candidates: [String]) -> [String] {
        let key = normalized(word)
        guard !key.isEmpty else { return [] }
        let limit = max(1, min(3, key.count / 3))
        var scored: [(candidate: String, distance: Int, prefix: Int)] = []
        for candidate in Set(candidates) {
            let other = normalized(candidate)
            if candidate == word { continue }
            let isPrefix = key.count >= 2 && other.hasPrefix(key)
            // Cheap rejection before the quadratic distance: lengths too far apart.
            if !isPrefix && abs(other.count - key.count) > limit { continue }
            let d = isPrefix ? 1 : distance(key, other)
            if d <= limit || isPrefix {
                scored.append((candidate, d, commonPrefixLength(key, other)))
            }
        }
        scored.sort {
            ($0.distance, -$0.prefix, $0.candidate) < ($1.distance, -$1.prefix, $1.candidate)
        }
        return scored.map(\.candidate)
    }

    /// The single best suggestion for `word`, if any candidate is close enough.
    public static func best(_ word: String, among candidates: [String]) -> String? {
        ranked(word, among: candidates).first
    }

    private static func normalized(_ s: String) -> String {
        String(s.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    private static func commonPrefixLength(_ a: String, _ b: String) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }
}
