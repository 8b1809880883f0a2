/// Reads one field's value from the frame being evaluated. The host supplies these, so the language knows the
/// names and types of fields but nothing about where they come from.
public enum FieldReader: Sendable {
    case number(@Sendable (EvaluationFrame) -> Double)
    case string(@Sendable (EvaluationFrame) -> String)
    /// Stored as a number, 1 for true and 0 for false.
    case bool(@Sendable (EvaluationFrame) -> Bool)
}

/// A field a rule may name, as the host declares it.
public struct FieldSchema: Sendable {
    public let name: String
    public let type: ValueType
    public let reader: FieldReader
    public let summary: String
    /// Fields that partition a stream and change rarely (group, symbol): a `where` over them alone is decided once per
    /// distinct value and cached, instead of on every event.
    public let isPartition: Bool
    /// A derived stream field computed from related state (a trade's notional needs the symbol's contract size), so
    /// a rule reading it needs the related records kept with its alerts.
    public let readsRelated: Bool

    public init(
        name: String, type: ValueType, reader: FieldReader, summary: String, isPartition: Bool = false,
        readsRelated: Bool = false
    ) {
        self.name = name
        self.type = type
        self.reader = reader
        self.summary = summary
        self.isPartition = isPartition
        self.readsRelated = readsRelated
    }
}

/// A kind of event a rule can listen to, such as `margin` or `trade`.
public struct StreamSchema: Sendable {
    public let name: String
    /// Sub-kinds a rule may narrow to (`trade opened`); empty when the stream has none.
    public let kinds: [String]
    public let fields: [FieldSchema]
    /// The fields that identify the thing an event is about, used when a rule has no `by` clause.
    public let naturalKey: [String]
    /// The field holding the MT4 login an alert is about, for `mail client`; nil when there is none.
    public let clientField: String?
    /// Related-state namespaces (`account`, `symbol`, `quote`) rules on this stream may read.
    public let namespaces: [String]
    /// Each event is a one-off happening (a trade opened) rather than the latest state of something (a margin
    /// level); simple rules on such streams fire and resolve on the same event.
    public let isMomentary: Bool
    public let summary: String

    public init(
        name: String, kinds: [String], fields: [FieldSchema], naturalKey: [String], clientField: String?,
        namespaces: [String], isMomentary: Bool = false, summary: String
    ) {
        self.isMomentary = isMomentary
        self.name = name
        self.kinds = kinds
        self.fields = fields
        self.naturalKey = naturalKey
        self.clientField = clientField
        self.namespaces = namespaces
        self.summary = summary
    }

    public func field(named name: String) -> FieldSchema? {
        fields.first { $0.name == name }
    }
}

/// Latest known state of something related to an event (`account.level` in a trade rule).
public struct NamespaceSchema: Sendable {
    public let name: String
    /// Index into `EvaluationFrame.related`.
    public let slot: Int
    public let fields: [FieldSchema]
    public let summary: String

    public init(name: String, slot: Int, fields: [FieldSchema], summary: String) {
        self.name = name
        self.slot = slot
        self.fields = fields
        self.summary = summary
    }

    public func field(named name: String) -> FieldSchema? {
        fields.first { $0.name == name }
    }
}

/// Length limits the host's channels put on message parts; checked at compile time when the literal text alone is
/// already too long.
public struct ActionLimits: Sendable, Hashable {
    public var mailSubject: Int?
    public var newsTopic: Int?
    public var newsCategory: Int?

    public init(mailSubject: Int? = nil, newsTopic: Int? = nil, newsCategory: Int? = nil) {
        self.mailSubject = mailSubject
        self.newsTopic = newsTopic
        self.newsCategory = newsCategory
    }
}

/// Everything the host lets rules name: its streams, their fields and the related-state namespaces.
public struct LanguageSchema: Sendable {
    public let streams: [StreamSchema]
    public let namespaces: [NamespaceSchema]
    public let actionLimits: ActionLimits

    public init(streams: [StreamSchema], namespaces: [NamespaceSchema], actionLimits: ActionLimits = ActionLimits()) {
        self.streams = streams
        self.namespaces = namespaces
        self.actionLimits = actionLimits
    }

    public func stream(named name: String) -> StreamSchema? {
        streams.first { $0.name == name }
    }

    public func namespace(named name: String) -> NamespaceSchema? {
        namespaces.first { $0.name == name }
    }
}
