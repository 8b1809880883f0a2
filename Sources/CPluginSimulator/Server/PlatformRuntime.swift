import Foundation
import Synchronization

/// One simulated platform: its market model, owned by this actor, and the fan-out of the model's events to hub
/// connections. REST reads snapshots through `read`; the driver advances the market with the wall clock.
public actor PlatformRuntime {
    public nonisolated let platform: SimulatedPlatform
    public nonisolated let broadcaster: EventBroadcaster
    private let model: MarketModel
    private let pump = Atomic<Bool>(true)

    public init(platform: SimulatedPlatform, model: MarketModel, broadcaster: EventBroadcaster = EventBroadcaster()) {
        self.platform = platform
        self.model = model
        self.broadcaster = broadcaster
    }

    /// Whether the platform's data pump is up (hub `OnConnectionStatus`).
    public nonisolated var isPumpConnected: Bool { pump.load(ordering: .relaxed) }

    /// Reads the market's state consistently (no event is applied halfway through the read).
    public func read<Result: Sendable>(_ body: (MarketModel) -> Result) -> Result {
        body(model)
    }

    /// Advances the market to `time` and publishes what happened.
    @discardableResult
    public func advance(to time: Date) -> Int {
        publish(model.advance(to: time))
    }

    /// Applies an action at once (the `/sim` control endpoints and tests).
    @discardableResult
    public func apply(_ action: ScenarioAction) -> Int {
        publish(model.apply(action))
    }

    private func publish(_ events: [MarketEvent]) -> Int {
        for event in events {
            if case .connection(let connected) = event { pump.store(connected, ordering: .relaxed) }
        }
        broadcaster.publish(events)
        return events.count
    }

    /// Drives the market with the wall clock until cancelled, stepping every `interval`.
    public func run(interval: Duration = .milliseconds(50)) async {
        while !Task.isCancelled {
            advance(to: Date())
            try? await Task.sleep(for: interval)
        }
    }
}
