/// The items of a paged v2 list one by one, fetching the next page when the current one is used up.
public struct RestItems<Item: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Item
    public typealias Failure = CPluginRestError

    public let pages: RestPages<Item>

    public init(pages: RestPages<Item>) {
        self.pages = pages
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Element = Item
        public typealias Failure = CPluginRestError

        var pages: RestPages<Item>.AsyncIterator
        var buffer: [Item] = []
        var position = 0

        public mutating func next() async throws(CPluginRestError) -> Item? {
            while position == buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = page.items
                position = 0
            }
            defer { position += 1 }
            return buffer[position]
        }

    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: pages.makeAsyncIterator())
    }

    /// Every item.
    public func collect() async throws(CPluginRestError) -> [Item] {
        try await pages.collect()
    }
}
