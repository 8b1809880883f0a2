import Testing

@testable import RuleLanguage

/// The compiled schedule of `active during SPEC` in a margin rule.
private func schedule(_ spec: String) throws -> CompiledSchedule {
    let rule = try compileRule(ruleSource("when level < 1%", "active during \(spec)"))
    return try #require(rule.definition.schedule)
}

@Suite("Active schedules")
struct ScheduleTests {
    @Test(
        "the schedule clause reads days, times and zones",
        arguments: [
            ("mon-fri 08:00-22:00 UTC", [1, 2, 3, 4, 5], 480, 1320, "UTC"),
            ("08:00-22:00", [1, 2, 3, 4, 5, 6, 7], 480, 1320, "UTC"),
            ("daily 00:00-24:00", [1, 2, 3, 4, 5, 6, 7], 0, 1440, "UTC"),
            ("weekdays 09:30-17:45", [1, 2, 3, 4, 5], 570, 1065, "UTC"),
            ("weekends 10:00-12:00 UTC", [6, 7], 600, 720, "UTC"),
            ("sat, sun 10:00-12:00", [6, 7], 600, 720, "UTC"),
            ("fri-mon 22:00-06:00 UTC", [5, 6, 7, 1], 1320, 360, "UTC"),
            ("Mon-Wed 08:00-09:00", [1, 2, 3], 480, 540, "UTC"),
            ("mon-fri 08:00-22:00 UTC+03:00", [1, 2, 3, 4, 5], 480, 1320, "UTC+03:00"),
            ("mon-fri 08:00-22:00 UTC-05:30", [1, 2, 3, 4, 5], 480, 1320, "UTC-05:30"),
            ("daily 08:00-17:00 Europe/London", [1, 2, 3, 4, 5, 6, 7], 480, 1020, "Europe/London"),
            ("daily 08:00-17:00 America/New_York", [1, 2, 3, 4, 5, 6, 7], 480, 1020, "America/New_York"),
        ])
    func parsing(spec: String, days: [Int], start: Int, end: Int, zone: String) throws {
        let parsed = try schedule(spec).schedule
        #expect(parsed.days == Set(days))
        #expect(parsed.startMinute == start)
        #expect(parsed.endMinute == end)
        #expect(parsed.zoneIdentifier == zone)
    }

    @Test(
        "mon-fri 08:00-22:00 UTC: start inclusive, end exclusive, weekends off",
        arguments: [
            (0, 7 * hour + 3599, false),  // Monday 07:59:59
            (0, 8 * hour, true),
            (0, 21 * hour + 3599, true),
            (0, 22 * hour, false),
            (4, 12 * hour, true),  // Friday noon
            (5, 12 * hour, false),  // Saturday
            (6, 12 * hour, false),  // Sunday
        ] as [(Double, Double, Bool)])
    func weekdaysUTC(dayOffset: Double, secondOfDay: Double, active: Bool) throws {
        let compiled = try schedule("mon-fri 08:00-22:00 UTC")
        #expect(compiled.isActive(at: monday + dayOffset * day + secondOfDay) == active)
    }

    @Test(
        "a period that wraps past midnight belongs to the day it starts on",
        arguments: [
            (4, 23 * hour, true),  // Friday 23:00
            (5, 5 * hour + 3599, true),  // Saturday 05:59:59, Friday's night
            (5, 6 * hour, false),  // Saturday 06:00
            (5, 23 * hour, false),  // Saturday 23:00: Saturday is not in the days
            (0, 3 * hour, false),  // Monday 03:00: Sunday's night, and Sunday is not in the days
            (0, 22 * hour, true),  // Monday 22:00
            (1, 1 * hour, true),  // Tuesday 01:00, Monday's night
        ] as [(Double, Double, Bool)])
    func wrapsPastMidnight(dayOffset: Double, secondOfDay: Double, active: Bool) throws {
        let compiled = try schedule("mon-fri 22:00-06:00 UTC")
        #expect(compiled.isActive(at: monday + dayOffset * day + secondOfDay) == active)
    }

    @Test(
        "a fixed offset shifts the local day and time",
        arguments: [
            (0, 4 * hour + 3599, false),  // Monday 04:59:59Z = 07:59:59 local
            (0, 5 * hour, true),  // 08:00 local
            (0, 18 * hour + 3599, true),  // 21:59:59 local
            (0, 19 * hour, false),  // 22:00 local
            (-1, 23 * hour, false),  // Sunday 23:00Z = Monday 02:00 local
            (4, 20 * hour, false),  // Friday 20:00Z = 23:00 local
            (5, 1 * hour, false),  // Saturday 04:00 local
        ] as [(Double, Double, Bool)])
    func fixedOffset(dayOffset: Double, secondOfDay: Double, active: Bool) throws {
        let compiled = try schedule("mon-fri 08:00-22:00 UTC+03:00")
        #expect(compiled.isActive(at: monday + dayOffset * day + secondOfDay) == active)
    }

    @Test("a negative offset moves the local day back")
    func negativeOffset() throws {
        let compiled = try schedule("mon 08:00-09:00 UTC-05:00")
        #expect(compiled.isActive(at: monday + 13 * hour))  // Monday 08:00 local
        #expect(!compiled.isActive(at: monday + 8 * hour))  // Monday 03:00 local
        #expect(!compiled.isActive(at: monday + 7 * day + 3 * hour))  // Sunday 22:00 local
    }

    @Test("a tz database zone follows daylight saving time")
    func namedZone() throws {
        let compiled = try schedule("mon-fri 08:00-17:00 Europe/London")
        let julyMonday: Double = 1_783_296_000  // 2026-07-06T00:00:00Z, BST = UTC+1
        #expect(!compiled.isActive(at: monday + 7 * hour + 1800))  // January 07:30 GMT
        #expect(compiled.isActive(at: monday + 8 * hour + 1800))
        #expect(compiled.isActive(at: julyMonday + 7 * hour + 1800))  // July 08:30 BST
        #expect(!compiled.isActive(at: julyMonday + 16 * hour + 1800))  // July 17:30 BST
        #expect(compiled.isActive(at: monday + 16 * hour + 1800))  // January 16:30 GMT
    }

    @Test(
        "zones: UTC, GMT and Z are UTC; offsets are ±HH[:MM] up to 14 hours; anything else must be a tz name",
        arguments: [
            ("UTC", true), ("GMT", true), ("Z", true), ("UTC+3", true), ("GMT-11:30", true), ("UTC+14:00", true),
            ("Europe/London", true), ("GMT-5", true), ("UTC+5:30", true), ("UTC+03:75", false), ("UTC3", false),
            ("Mars/Olympus", false), ("", false),
        ])
    func zones(zone: String, valid: Bool) {
        let parsed = Schedule(days: [1], startMinute: 0, endMinute: 60, zoneIdentifier: zone)
        #expect((CompiledSchedule(parsed) != nil) == valid)
    }

    @Test("UTC+3 and UTC+03:00 are the same zone")
    func offsetForms() throws {
        let short = try #require(
            CompiledSchedule(Schedule(days: [1], startMinute: 480, endMinute: 540, zoneIdentifier: "UTC+3")))
        #expect(short.isActive(at: monday + 5 * hour))
        #expect(!short.isActive(at: monday + 8 * hour))
    }
}
