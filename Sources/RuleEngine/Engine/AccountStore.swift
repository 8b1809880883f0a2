import CSupport
import RuleLanguage

/// The latest record of every account, stored flat: an open-addressing table from (platform, login) to a row, and the
/// rows' numbers and strings in two buffers with a fixed stride.
///
/// Why not a `[LoginKey: Record]`: a margin update for one of 100,000 accounts then walks four cache misses in a
/// chain (the key, the value, the record's numbers, its strings), a third of the engine's time. Here the table entry
/// holds the whole key, so one miss finds the row, and the row's numbers and strings are two misses taken together.
/// The buffers are owned here rather than kept in arrays: every access to an array stored in a class retained it or
/// checked it was unique, which for a lookup and a merge per event cost more than the work itself.
final class AccountStore {
    /// One table entry: the key itself (login bits and interned platform) and its row; `row == .max` is empty.
    private struct Slot {
        var login: UInt64
        var platform: UInt32
        var row: UInt32

        static let empty = Slot(login: 0, platform: 0, row: .max)
    }

    /// The record's numbers per row.
    let numberStride: Int
    /// Numbers per row in the buffer: the record's, then the row's `stamp` and `liveHint`, then padding to whole cache
    /// lines.
    private let rowStride: Int
    /// The record's strings per row.
    let stringCount: Int
    /// Strings per row in the buffer: `stringCount` rounded up to whole cache lines.
    private let stringRowStride: Int
    /// The table: a power of two in size, at most half full.
    private var slots: UnsafeMutableBufferPointer<Slot>
    /// log2 of the table's size, for Fibonacci hashing (the hash's top bits pick the slot).
    private var tableBits: Int
    /// Rows `0..<rowCount` are initialized (freed ones included, emptied); capacity for `rowCapacity`.
    private var numbers: UnsafeMutablePointer<Double>
    private var strings: UnsafeMutablePointer<String>
    private var rowCount = 0
    private var rowCapacity: Int
    /// The key of each row, for listing and deleting; a freed row's key has a NaN login.
    private var rowKeys: [RelatedState.LoginKey] = []
    private var freeRows: [Int] = []
    /// Platform names by id: a broker runs a handful, so an event's platform is found by comparing a few strings.
    private var platformNames: [String] = []
    /// The platform last made or found by `platformID`, and its id (valid only when the name is in `platformNames`).
    private var lastPlatformName: String?
    private var lastPlatform: UInt32 = 0
    private let emptyRecord: Record

    private(set) var count = 0

    init(layout: FieldLayout) {
        self.numberStride = layout.numberCount
        // Rows are whole cache lines (64 bytes), and the buffers start on one, so a row's lines are known: the
        // prefetch hint loads all of them, not the first and last of a row that straddles three.
        self.rowStride = Self.wholeLines(layout.numberCount + 2, of: Double.self)
        self.stringCount = layout.stringCount
        self.stringRowStride = Self.wholeLines(layout.stringCount, of: String.self)
        self.emptyRecord = layout.emptyRecord()
        self.tableBits = 10
        self.slots = LinearProbing.allocate(empty: .empty, count: 1 << 10)
        self.rowCapacity = 64
        self.numbers = LargeAllocation.allocate(Double.self, capacity: rowCapacity * rowStride)
        self.strings = LargeAllocation.allocate(String.self, capacity: rowCapacity * stringRowStride)
    }

    deinit {
        LargeAllocation.deallocate(slots.baseAddress!)
        LargeAllocation.deallocate(numbers)
        strings.deinitialize(count: rowCount * stringRowStride)
        LargeAllocation.deallocate(strings)
    }

    /// Forgets every account, keeping the buffers.
    func removeAll() {
        strings.deinitialize(count: rowCount * stringRowStride)
        rowCount = 0
        rowKeys.removeAll()
        freeRows.removeAll()
        for index in slots.indices { slots[index] = .empty }
        count = 0
    }

    /// The row of an account, if it is known.
    func row(platform: String, login: Double) -> Int? {
        guard !login.isNaN, let id = knownPlatformID(platform) else { return nil }
        let bits = Self.bits(login)
        var index = home(bits, id)
        while true {
            let slot = slots[index]
            if slot.row == .max { return nil }
            if slot.login == bits, slot.platform == id { return Int(slot.row) }
            index = (index + 1) & (slots.count - 1)
        }
    }

    /// The row of an account, made (every field unknown) if it is new. The login must not be NaN.
    func rowCreating(platform: String, login: Double) -> Int {
        let id = platformID(platform)
        let bits = Self.bits(login)
        var index = home(bits, id)
        while true {
            let slot = slots[index]
            if slot.row == .max { break }
            if slot.login == bits, slot.platform == id { return Int(slot.row) }
            index = (index + 1) & (slots.count - 1)
        }
        let row = newRow(RelatedState.LoginKey(platform: platform, login: login))
        slots[index] = Slot(login: bits, platform: id, row: UInt32(row))
        count += 1
        if count * 2 > slots.count { grow() }
        return row
    }

    /// Where an account's lookup will start, for `prefetchRow`; nil for an unknown platform or a NaN login.
    struct Probe {
        fileprivate var login: UInt64
        fileprivate var platform: UInt32
        fileprivate var home: Int
    }

    /// Starts loading the table entry an account's lookup reads first, and says where it is.
    func prefetchEntry(platform: String, login: Double) -> Probe? {
        guard !login.isNaN, let id = knownPlatformID(platform) else { return nil }
        let bits = Self.bits(login)
        let home = home(bits, id)
        mtrules_prefetch(slots.baseAddress! + home)
        return Probe(login: bits, platform: id, home: home)
    }

    /// Starts loading an account's row, once its table entry is (or is being) loaded: `prefetchEntry` for the event
    /// after next, then this for the next one, takes each of the two misses a whole event ahead.
    func prefetchRow(_ probe: Probe) {
        guard probe.home < slots.count else { return }  // The table grew since.
        var index = probe.home
        while true {
            let slot = slots[index]
            if slot.row == .max { return }
            if slot.login == probe.login, slot.platform == probe.platform {
                let row = Int(slot.row)
                for line in stride(from: 0, to: rowStride, by: Self.perLine(Double.self)) {
                    mtrules_prefetch(numbers + row * rowStride + line)
                }
                for line in stride(from: 0, to: stringRowStride, by: Self.perLine(String.self)) {
                    mtrules_prefetch(strings + row * stringRowStride + line)
                }
                return
            }
            index = (index + 1) & (slots.count - 1)
        }
    }

    /// Forgets an account (a deleted user); its row is reused by the next new one.
    func remove(platform: String, login: Double) {
        guard !login.isNaN, let id = knownPlatformID(platform) else { return }
        let bits = Self.bits(login)
        let mask = slots.count - 1
        var index = home(bits, id)
        while true {
            let slot = slots[index]
            if slot.row == .max { return }
            if slot.login == bits, slot.platform == id { break }
            index = (index + 1) & mask
        }
        let row = Int(slots[index].row)
        rowKeys[row] = RelatedState.LoginKey(platform: "", login: .nan)
        freeRows.append(row)
        count -= 1
        LinearProbing.remove(
            at: index, in: slots, empty: .empty, isEmpty: { $0.row == .max }, home: { home($0.login, $0.platform) })
    }

    /// Copies an event's fields into a row: numbers that are known (not NaN) and strings that are not empty and differ
    /// (writing an equal string would only trade one reference for another).
    func merge(
        _ record: Record, into row: Int, numbers mapping: [(from: Int, to: Int)],
        strings stringMapping: [(from: Int, to: Int)]
    ) {
        let numbers = self.numbers + row * rowStride
        record.numbers.withUnsafeBufferPointer { source in
            for (from, to) in mapping where !source[from].isNaN { numbers[to] = source[from] }
            numbers[FieldLayout.timeSlot] = source[FieldLayout.timeSlot]
        }
        let strings = self.strings + row * stringRowStride
        record.strings.withUnsafeBufferPointer { source in
            for (from, to) in stringMapping where !source[from].isEmpty && strings[to] != source[from] {
                strings[to] = source[from]
                numbers[numberStride] = .nan
            }
            if strings[FieldLayout.platformSlot] != source[FieldLayout.platformSlot] {
                strings[FieldLayout.platformSlot] = source[FieldLayout.platformSlot]
                numbers[numberStride] = .nan
            }
        }
    }

    /// A number the engine keeps with an account for as long as the account's strings (its group) stay as they are:
    /// NaN for a new row, and again whenever a merge changes a string. The engine notes there which candidate list
    /// the account's margin updates meet, which depends on the group alone.
    func stamp(of row: Int) -> Double {
        numbers[row * rowStride + numberStride]
    }

    func setStamp(_ stamp: Double, of row: Int) {
        numbers[row * rowStride + numberStride] = stamp
    }

    /// A number the engine keeps with an account until the account's row is made again (new, reused or restored):
    /// NaN for a new row. The engine notes there whether the account may have live alerts keyed by it (see
    /// `RuleEngine.accountKeyGroup`).
    func liveHint(of row: Int) -> Double {
        numbers[row * rowStride + numberStride + 1]
    }

    func setLiveHint(_ hint: Double, of row: Int) {
        numbers[row * rowStride + numberStride + 1] = hint
    }

    /// A row as a record, for rules that read `account.…`.
    func record(at row: Int) -> Record {
        Record(
            numbers: Array(UnsafeBufferPointer(start: numbers + row * rowStride, count: numberStride)),
            strings: Array(UnsafeBufferPointer(start: strings + row * stringRowStride, count: stringCount)))
    }

    /// Replaces a row with a whole record (restoring saved state).
    func set(_ record: Record, at row: Int) {
        for slot in 0..<numberStride { numbers[row * rowStride + slot] = record.numbers[slot] }
        numbers[row * rowStride + numberStride] = .nan
        numbers[row * rowStride + numberStride + 1] = .nan
        for slot in 0..<stringCount { strings[row * stringRowStride + slot] = record.strings[slot] }
    }

    /// Every account and its record, in no particular order.
    var all: [(key: RelatedState.LoginKey, record: Record)] {
        rowKeys.indices.compactMap { row in
            rowKeys[row].login.isNaN ? nil : (rowKeys[row], record(at: row))
        }
    }

    // MARK: - Table

    /// The login's bits, with -0 taken as 0 so equal logins have equal bits.
    private static func bits(_ login: Double) -> UInt64 {
        (login == 0 ? 0 : login).bitPattern
    }

    /// Fibonacci hashing: logins are often consecutive numbers, which the multiply spreads over the top bits.
    private func home(_ bits: UInt64, _ platform: UInt32) -> Int {
        let mixed = (bits ^ (UInt64(platform) &* 0xD6E8_FEB8_6659_FD93)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> UInt64(64 - tableBits))
    }

    private func knownPlatformID(_ name: String) -> UInt32? {
        // Most events are of the platform before them: one comparison, without reading the array of names.
        if name == lastPlatformName { return lastPlatform }
        return platformNames.firstIndex(of: name).map(UInt32.init)
    }

    private func platformID(_ name: String) -> UInt32 {
        if let id = knownPlatformID(name) {
            lastPlatform = id
            lastPlatformName = name
            return id
        }
        platformNames.append(name)
        lastPlatform = UInt32(platformNames.count - 1)
        lastPlatformName = name
        return lastPlatform
    }

    private func newRow(_ key: RelatedState.LoginKey) -> Int {
        if let row = freeRows.popLast() {
            set(emptyRecord, at: row)
            rowKeys[row] = key
            return row
        }
        if rowCount == rowCapacity { growRows() }
        let row = rowCount
        (numbers + row * rowStride).initialize(from: emptyRecord.numbers, count: numberStride)
        // The stamp and live hint, then the padding to the row's last line.
        (numbers + row * rowStride + numberStride).initialize(repeating: .nan, count: rowStride - numberStride)
        (strings + row * stringRowStride).initialize(from: emptyRecord.strings, count: stringCount)
        (strings + row * stringRowStride + stringCount).initialize(repeating: "", count: stringRowStride - stringCount)
        rowCount += 1
        rowKeys.append(key)
        return row
    }

    /// Doubles the rows' buffers, moving the rows over.
    private func growRows() {
        let capacity = rowCapacity * 2
        let numbers = LargeAllocation.allocate(Double.self, capacity: capacity * rowStride)
        numbers.initialize(from: self.numbers, count: rowCount * rowStride)
        let strings = LargeAllocation.allocate(String.self, capacity: capacity * stringRowStride)
        strings.moveInitialize(from: self.strings, count: rowCount * stringRowStride)
        LargeAllocation.deallocate(self.numbers)
        LargeAllocation.deallocate(self.strings)
        self.numbers = numbers
        self.strings = strings
        rowCapacity = capacity
    }

    /// Doubles the table, keeping it at most half full so probe runs stay short.
    private func grow() {
        let old = slots
        tableBits += 1
        slots = LinearProbing.allocate(empty: .empty, count: 1 << tableBits)
        let mask = slots.count - 1
        for slot in old where slot.row != .max {
            var index = home(slot.login, slot.platform)
            while slots[index].row != .max { index = (index + 1) & mask }
            slots[index] = slot
        }
        LargeAllocation.deallocate(old.baseAddress!)
    }

    /// How many `Element`s fill one cache line.
    private static func perLine<Element>(_ type: Element.Type) -> Int {
        64 / Swift.MemoryLayout<Element>.stride
    }

    /// `count` elements rounded up to whole cache lines.
    private static func wholeLines<Element>(_ count: Int, of type: Element.Type) -> Int {
        let perLine = perLine(type)
        return (count + perLine - 1) / perLine * perLine
    }
}
