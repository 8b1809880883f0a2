/// One page of a paged v2 list (`?limit=` / `?cursor=`), with what is needed to ask for the next one.
public struct RestPage<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The `cursor` for the next page; nil on the last one.
    public var nextCursor: String?
    public var hasMore: Bool
    /// The server's trace id of this page's request.
    public var activityId: String?

    public init(items: [Item], nextCursor: String?, hasMore: Bool, activityId: String?) {
        self.items = items
        self.nextCursor = nextCursor
        self.hasMore = hasMore
        self.activityId = activityId
    }
}
