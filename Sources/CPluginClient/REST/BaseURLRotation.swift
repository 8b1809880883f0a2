import Foundation
import Synchronization

/// A failover list of base URLs that remembers which one answered last, so calls go straight to a healthy host instead
/// of waiting on a dead one each time. After failing over it tries the first URL again now and then (`failback`), so
/// traffic returns to the preferred region once it recovers.
final class BaseURLRotation: Sendable {
    struct Host: Sendable, Hashable {
        let index: Int
        /// The URL text without a trailing slash, ready for a path.
        let base: String
        /// `host[:port]`, for messages.
        let name: String
    }

    private struct State {
        var preferred = 0
        /// When the first URL last failed, while another is preferred.
        var failedOverAt: ContinuousClock.Instant?
    }

    let hosts: [Host]
    private let failback: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    init(
        _ urls: [URL], failback: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        hosts = urls.enumerated().map { index, url in
            Host(index: index, base: CPluginEnvironment.trimmed(url), name: Self.name(url))
        }
        self.failback = failback
        self.now = now
    }

    /// The hosts to try for the next call, best first: the preferred one, then the others in configured order after
    /// it; the first URL leads again once `failback` has passed since it failed.
    func order() -> [Host] {
        let time = now()
        let (start, probeFirst) = state.withLock { state -> (Int, Bool) in
            guard state.preferred != 0, let since = state.failedOverAt else { return (state.preferred, false) }
            return (state.preferred, time - since >= failback)
        }
        var ordered = (0..<hosts.count).map { hosts[(start + $0) % hosts.count] }
        if probeFirst, let first = ordered.firstIndex(where: { $0.index == 0 }) {
            ordered.insert(ordered.remove(at: first), at: 0)
        }
        return ordered
    }

    /// The host that answered; returns whether that changed the preferred host.
    @discardableResult
    func succeeded(_ host: Host) -> Bool {
        let time = now()
        return state.withLock { state in
            let changed = state.preferred != host.index
            state.preferred = host.index
            if host.index == 0 {
                state.failedOverAt = nil
            } else if state.failedOverAt == nil {
                state.failedOverAt = time
            }
            return changed
        }
    }

    /// A host that is down: the next one becomes preferred if it was.
    func failed(_ host: Host) {
        let time = now()
        state.withLock { state in
            if host.index == 0 { state.failedOverAt = time }
            if state.preferred == host.index, hosts.count > 1 {
                state.preferred = (host.index + 1) % hosts.count
            }
        }
    }

    /// The base URL calls go to first now.
    var preferred: Host {
        hosts[state.withLock { $0.preferred }]
    }

    static func name(_ url: URL) -> String {
        let host = url.host ?? url.absoluteString
        return url.port.map { "\(host):\($0)" } ?? host
    }
}
