import AlertModel
import CPluginClient
import Foundation
import RuleEngine
import Testing

@testable import Runtime

@Suite("Trade resync after a gap")
struct TradeResyncTests {
    static func trade(_ order: Int, _ kind: UpdateKind, cmd: Int = 0) -> TradeUpdatePayload {
        TradeUpdatePayload(
            kind: kind, order: order, login: 1001, symbol: "EURUSD", cmd: cmd, volumeLots: 1, openPrice: 1.1,
            openTime: Date(timeIntervalSince1970: 1_767_571_200), closePrice: 1.1, closeTime: nil, profit: 0)
    }

    @Test("the first reconcile only seeds the book: trades open before mtrules started never count as opened")
    func firstReconcileSeeds() {
        let book = OpenTradeBook()
        let (opened, closed) = book.reconcile(openNow: [1, 2, 3])
        #expect(opened.isEmpty && closed.isEmpty)
        #expect(book.isSeeded && book.count == 3)
    }

    @Test("after a gap: tickets unknown to the book were opened in it, known ones now missing were closed in it")
    func gapDifference() {
        let book = OpenTradeBook()
        _ = book.reconcile(openNow: [1, 2, 3])
        book.observe(Self.trade(4, .added))  // seen live: not a gap opening
        book.observe(Self.trade(1, .deleted))  // seen live: not a gap closing
        let (opened, closed) = book.reconcile(openNow: [3, 4, 5, 6])
        #expect(opened == [5, 6])
        #expect(closed == [2])
    }

    @Test("the book follows the engine's trade events as it follows the payloads")
    func followsEvents() {
        let book = OpenTradeBook()
        _ = book.reconcile(openNow: [])
        let mapper = HubEventMapper()
        let time = Timestamp(milliseconds: 0)
        book.observe(mapper.event(Self.trade(4, .added), platform: "MT4", at: time))
        book.observe(mapper.event(Self.trade(5, .added), platform: "MT4", at: time))
        book.observe(mapper.event(Self.trade(4, .deleted), platform: "MT4", at: time))
        book.observe(mapper.event(Self.trade(6, .added, cmd: 6), platform: "MT4", at: time))
        #expect(book.reconcile(openNow: [5]) == ([], []))
    }

    @Test("balance and credit operations never enter the book")
    func balanceOperationsIgnored() {
        let book = OpenTradeBook()
        _ = book.reconcile(openNow: [])
        book.observe(Self.trade(9, .added, cmd: 6))
        book.observe(Self.trade(10, .added, cmd: 7))
        #expect(book.count == 0)
    }

    @Test(
        "a REST trade becomes the hub payload a streamed trade would be, and decodes to the same event",
        arguments: [UpdateKind.added, .deleted])
    func restTradeMatchesStream(kind: UpdateKind) throws {
        let rest = MT4Trade(
            order: 41_000_001, login: 1002, symbol: "XAUUSD", digits: 2, tradeCommand: "Sell", volume: 6000,
            volumeLots: 60, tradeRecordState: "OpenNormal", openPrice: 2053.3, sl: 0, tp: 0,
            openTime: "2026-01-05T12:00:31Z", closeTime: "1970-01-01T00:00:00Z", closePrice: 2050, commission: -7,
            commissionAgent: 0, storage: 0, profit: 198, taxes: 0, magic: 0, comment: "hedge",
            expiration: "1970-01-01T00:00:00Z", tradeRecordReason: "Client", activationType: "None",
            timeStamp: "2026-01-05T12:00:31Z", marginRate: 1)
        let payload = TradeResync.payload(rest, kind: kind)
        #expect(payload.cmd == 1)
        #expect(payload.closeTime == nil)
        #expect(payload.openTime == Date(timeIntervalSince1970: 1_767_614_431))
        let time = Timestamp(milliseconds: 1_767_614_500_000)
        let decoded = try HubPayloadDecoder().event(
            stream: .trade, payload: RecordingLine.hubJSON(payload), platform: "MT4", at: time, source: .resync)
        let direct = HubEventMapper().event(payload, platform: "MT4", at: time)
        #expect(decoded.kind == (kind == .added ? "opened" : "closed"))
        // Missing fields are NaN, which never equals itself: compare the values as written.
        #expect("\(decoded.record)" == "\(direct.record)")
    }
}
