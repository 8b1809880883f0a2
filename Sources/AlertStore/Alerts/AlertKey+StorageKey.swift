import AlertModel

extension AlertKey {
    /// The key as the store files it: `description` with `\ { } , = @` escaped inside names and values, so two
    /// different keys never share a string even when a label value contains `,login=2` (a hostile group name). Equal
    /// to `description` for every ordinary key, so what an operator types still finds it.
    public var storageKey: String {
        let parts = labels.map { "\(Self.escape($0.name))=\(Self.escape($0.value))" }.joined(separator: ",")
        return "\(Self.escape(rule)){\(parts)}" + (platform.isEmpty ? "" : "@\(Self.escape(platform))")
    }

    private static func escape(_ text: String) -> String {
        guard text.contains(where: { "\\{},=@".contains($0) }) else { return text }
        var escaped = ""
        for character in text {
            if "\\{},=@".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
