import Foundation

/// `active during …` resolved to a zone, answering "is the rule active at this instant?".
public struct CompiledSchedule: Sendable, Hashable {
    public let schedule: Schedule
    private let fixedOffset: Int?
    private let zone: TimeZone?

    /// Nil when the zone is neither `UTC`, `UTC±HH[:MM]` nor a tz database name such as `Europe/London`.
    public init?(_ schedule: Schedule) {
        self.schedule = schedule
        let name = schedule.zoneIdentifier
        if name == "UTC" || name == "GMT" || name == "Z" {
            fixedOffset = 0
            zone = nil
        } else if let offset = Self.parseOffset(name) {
            fixedOffset = offset
            zone = nil
        } else if name.hasPrefix("UTC") || name.hasPrefix("GMT") {
            // An offset we could not read; Foundation would silently normalise UTC+03:75 to something else.
            return nil
        } else if let zone = TimeZone(identifier: name) {
            fixedOffset = nil
            self.zone = zone
        } else {
            return nil
        }
    }

    /// Whether `time` (seconds since the epoch) falls inside the schedule.
    public func isActive(at time: Double) -> Bool {
        let offset = offset(at: time)
        let local = Int((time + Double(offset)).rounded(.down))
        let days = Int((Double(local) / 86_400).rounded(.down))
        let minute = ((local % 86_400) + 86_400) % 86_400 / 60
        // 1970-01-01 was a Thursday (4).
        let weekday = ((days % 7) + 7 + 3) % 7 + 1
        let start = schedule.startMinute
        let end = schedule.endMinute
        if start < end {
            return schedule.days.contains(weekday) && minute >= start && minute < end
        }
        // Wraps past midnight: the part after midnight belongs to the previous day's window.
        let previousDay = (weekday + 5) % 7 + 1
        return (schedule.days.contains(weekday) && minute >= start)
            || (schedule.days.contains(previousDay) && minute < end)
    }

    /// True when the zone's offset from UTC at `time` is a whole number of minutes (as every zone's is today), so
    /// `isActive` gives the same answer for the whole UTC minute and a caller may cache it per minute.
    public func offsetIsWholeMinutes(at time: Double) -> Bool {
        offset(at: time) % 60 == 0
    }

    private func offset(at time: Double) -> Int {
        fixedOffset ?? zone?.secondsFromGMT(for: Date(timeIntervalSince1970: time)) ?? 0
    }

    /// The first whole minute at or after `time` when the schedule is active (within eight days), so a timer that
    /// falls outside the active hours can wait for them instead of being lost.
    public func nextActiveStart(after time: Double) -> Double? {
        var minute = (time / 60).rounded(.up) * 60
        for _ in 0..<(8 * 1440) {
            if isActive(at: minute) { return minute }
            minute += 60
        }
        return nil
    }

    private static func parseOffset(_ name: String) -> Int? {
        var text = Substring(name)
        guard text.hasPrefix("UTC") || text.hasPrefix("GMT") else { return nil }
        text = text.dropFirst(3)
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        text = text.dropFirst()
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let hours = Int(parts[0]), (0...14).contains(hours) else { return nil }
        let minutes = parts.count == 2 ? Int(parts[1]) : 0
        guard let minutes, (0...59).contains(minutes) else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
