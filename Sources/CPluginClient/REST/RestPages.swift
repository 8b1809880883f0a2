/// The pages of a paged v2 list, fetched one at a time as they are iterated, so a large book (tens of thousands of open
/// trades) is never held as one response.
///
/// Each page follows the previous one's `nextCursor`; iteration ends after a page without `hasMore`. A server that
/// hands back the cursor it was given ends iteration with an error instead of looping forever.
public struct RestPages<Item: Sendable>: AsyncSequence, Sendable {
    public typealias Element = RestPage<Item>
    public typealias Failure = CPluginRestError

    /// Fetches the page after a cursor (nil for the first).
    let fetch: @Sendable (String?) async throws(CPluginRestError) -> RestPage<Item>
    /// The call, for errors.
    let call: String

    init(call: String, fetch: @escaping @Sendable (String?) async throws(CPluginRestError) -> RestPage<Item>) {
        self.call = call
        self.fetch = fetch
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = RestPage<Item>
        public typealias Failure = CPluginRestError

        let fetch: @Sendable (String?) async throws(CPluginRestError) -> RestPage<Item>
        let call: String
        var cursor: String?
        var finished = false

        public mutating func next() async throws(CPluginRestError) -> RestPage<Item>? {
            guard !finished else { return nil }
            let page: RestPage<Item>
            do {
                page = try await fetch(cursor)
            } catch {
                finished = true
                throw error
            }
            if page.hasMore, let next = page.nextCursor, !next.isEmpty {
                if next == cursor {
                    finished = true
                    var error = CPluginRestError(
                        kind: .invalidResponse("the server returned the same cursor again"), call: call)
                    error.activityId = page.activityId
                    throw error
                }
                cursor = next
            } else {
                finished = true
            }
            return page
        }

    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(fetch: fetch, call: call)
    }

    /// The items one by one, pages fetched as needed.
    public var items: RestItems<Item> { RestItems(pages: self) }

    /// Every item of every page.
    public func collect() async throws(CPluginRestError) -> [Item] {
        var all: [Item] = []
        var iterator = makeAsyncIterator()
        while let page = try await iterator.next() { all += page.items }
        return all
    }
}
