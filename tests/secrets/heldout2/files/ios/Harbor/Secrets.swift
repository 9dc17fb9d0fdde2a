import Foundation

enum Secrets {
    static let perplexityKey = "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"
    static let mapsKey = "<#API_KEY#>"
    static let pinnedSPKIHashes = ["DwqxyWXfgtyoccwvsyuwDsuey2QeDJapBqDq32pmTVw=", "4THlA/lxrPB7rH06lzqY8/apoO4B8HMY860GwPhaZ5E="]
}
