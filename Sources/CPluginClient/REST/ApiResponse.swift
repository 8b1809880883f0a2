/// The v2 envelope every handled call answers with (HTTP 200 even for errors):
/// `{"data": …|null, "error": {code, managerCode, message}|null, "meta": {activityId, paging?}}`.
public struct ApiResponse<Payload: Codable & Sendable>: Codable, Sendable {
    public var data: Payload?
    public var error: ApiError?
    public var meta: ApiMeta?

    public init(data: Payload?, error: ApiError? = nil, meta: ApiMeta?) {
        self.data = data
        self.error = error
        self.meta = meta
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // The envelope always carries all three keys, with nulls, as the server's serializer does.
        try container.encode(data, forKey: .data)
        try container.encode(error, forKey: .error)
        try container.encode(meta, forKey: .meta)
    }
}

/// Why a v2 call failed.
public struct ApiError: Codable, Sendable, Hashable, Error {
    public var code: WebApiErrorCode
    /// The raw MT4/MT5 result code name when the platform refused; nil otherwise.
    public var managerCode: String?
    public var message: String?

    public init(code: WebApiErrorCode, managerCode: String? = nil, message: String?) {
        self.code = code
        self.managerCode = managerCode
        self.message = message
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(managerCode, forKey: .managerCode)
        try container.encode(message, forKey: .message)
    }
}

/// Stable transport-level error codes; newer servers add `Timeout`, `OutcomeUnknown` and `Busy`.
public enum WebApiErrorCode: String, Codable, Sendable, Hashable {
    case ok = "Ok"
    case noConnect = "NoConnect"
    case validation = "Validation"
    case mt4Error = "MT4Error"
    case forbidden = "Forbidden"
    case notFound = "NotFound"
    case mt5Error = "MT5Error"
    case `internal` = "Internal"
    case timeout = "Timeout"
    case outcomeUnknown = "OutcomeUnknown"
    case busy = "Busy"
}

/// Response metadata: a trace id, and paging on list responses only.
public struct ApiMeta: Codable, Sendable, Hashable {
    public var activityId: String?
    public var paging: PagingMeta?

    public init(activityId: String?, paging: PagingMeta? = nil) {
        self.activityId = activityId
        self.paging = paging
    }
}

/// `?limit=` / `?cursor=` paging: pass `nextCursor` back to get the next page.
public struct PagingMeta: Codable, Sendable, Hashable {
    public var nextCursor: String?
    public var hasMore: Bool

    public init(nextCursor: String?, hasMore: Bool) {
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(hasMore, forKey: .hasMore)
    }
}
