import Foundation

/// How fast the client turns hub frames into typed events: split into records, parsed into `HubMessage`s, and every
/// payload decoded into its type, on one thread. The frames are generated from a seed and shaped as a CPlugin hub
/// (the simulator) sends them: ticks as `StreamTicks` items and `OnTick` invocations, margin levels, trades and a
/// few user and symbol updates as stream items, several records to a transport frame.
public enum HubDecodingBenchmark {
    /// Generated frames, decoded by each run.
    public struct Workload: Sendable {
        public var frames: [[UInt8]]
        public var messages: Int
        public var bytes: Int
    }

    /// One run's figures. Megabytes are 10⁶ bytes.
    public struct Result: Sendable {
        public var messages: Int
        public var bytes: Int
        public var seconds: Double

        public var megabytesPerSecond: Double { Double(bytes) / seconds / 1_000_000 }
        public var messagesPerSecond: Double { Double(messages) / seconds }
    }

    /// Stream invocation ids by payload type, as a client would have assigned them.
    enum Stream: String, CaseIterable {
        case ticks = "1"
        case margins = "2"
        case trades = "3"
        case users = "4"
        case symbols = "5"
    }

    /// `messages` hub messages in frames of 1 to 16 records.
    public static func makeWorkload(messages: Int, seed: UInt64 = 1) -> Workload {
        var random = BenchmarkRandom(seed: seed)
        let pools = PayloadPools(random: &random)
        var frames: [[UInt8]] = []
        var bytes = 0
        var written = 0
        while written < messages {
            var frame: [UInt8] = []
            for _ in 0..<min(messages - written, Int.random(in: 1...16, using: &random)) {
                let message: HubMessage
                switch Int.random(in: 0..<100, using: &random) {
                case 0..<45: message = .streamItem(invocationID: Stream.ticks.rawValue, item: pools.tick(&random))
                case 45..<60:
                    message = .invocation(
                        invocationID: nil, target: "OnTick", arguments: [pools.tick(&random)], streamIDs: [])
                case 60..<85: message = .streamItem(invocationID: Stream.margins.rawValue, item: pools.margin(&random))
                case 85..<97: message = .streamItem(invocationID: Stream.trades.rawValue, item: pools.trade(&random))
                case 97..<99: message = .streamItem(invocationID: Stream.users.rawValue, item: pools.user(&random))
                default: message = .streamItem(invocationID: Stream.symbols.rawValue, item: pools.symbol(&random))
                }
                HubMessageEncoder.encode(message, into: &frame)
                written += 1
            }
            bytes += frame.count
            frames.append(frame)
        }
        return Workload(frames: frames, messages: written, bytes: bytes)
    }

    /// Decodes the whole workload once and times it.
    public static func run(_ workload: Workload) throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let (messages, checksum) = try decodeAll(workload.frames)
        let elapsed = clock.now - start
        guard messages == workload.messages, checksum.isFinite else {
            throw BenchmarkFailure(description: "decoded \(messages) of \(workload.messages) messages")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(messages: messages, bytes: workload.bytes, seconds: seconds)
    }

    struct BenchmarkFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// What a client does per frame; the checksum keeps the optimizer from dropping the decoded values.
    static func decodeAll(_ frames: [[UInt8]]) throws -> (messages: Int, checksum: Double) {
        var splitter = HubRecordSplitter()
        var messages = 0
        var checksum = 0.0
        for frame in frames {
            splitter.append(frame)
            while let record = try splitter.next() {
                messages += 1
                switch try HubMessageParser.parse(record) {
                case .invocation(_, let target, let arguments, _):
                    guard target == "OnTick", let argument = arguments.first else { continue }
                    checksum += try argument.decode(TickPayload.self).bid
                case .streamItem(let id, let item):
                    // A client finds the stream by its id; these are one-character ids.
                    if id == Stream.ticks.rawValue {
                        checksum += try item.decode(TickPayload.self).ask
                    } else if id == Stream.margins.rawValue {
                        checksum += try item.decode(MarginCallPayload.self).level
                    } else if id == Stream.trades.rawValue {
                        checksum += try item.decode(TradeUpdatePayload.self).profit
                    } else if id == Stream.users.rawValue {
                        checksum += try item.decode(UserUpdatePayload.self).balance
                    } else if id == Stream.symbols.rawValue {
                        checksum += try item.decode(SymbolUpdatePayload.self).tickSize
                    }
                default:
                    continue
                }
            }
        }
        return (messages, checksum)
    }
}
