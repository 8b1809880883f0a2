import Foundation

/// A message from the client in the JSON hub protocol. Properties the protocol does not define (for example the
/// `headers` both Python reference clients attach to every call) are ignored, as ASP.NET Core's reader skips them.
struct HubInboundMessage: Decodable, Sendable {
    var type: Int
    var invocationId: String?
    var target: String?
    var arguments: [HubJSONValue]?
    var streamIds: [String]?

    /// ASP.NET treats an empty invocation id like a missing one (`string.IsNullOrEmpty`).
    var blockingInvocationID: String? {
        guard let invocationId, !invocationId.isEmpty else { return nil }
        return invocationId
    }

    static func decode(_ record: [UInt8]) throws -> HubInboundMessage {
        try JSONDecoder().decode(HubInboundMessage.self, from: Data(record))
    }
}

/// The client's first message, `{"protocol":"json","version":1}`.
struct HubHandshakeRequest: Decodable, Sendable {
    var `protocol`: String
    var version: Int

    static func decode(_ record: [UInt8]) throws -> HubHandshakeRequest {
        try JSONDecoder().decode(HubHandshakeRequest.self, from: Data(record))
    }
}

/// An invocation argument as sent; the dispatcher binds it to the parameter type the method expects.
enum HubJSONValue: Decodable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([HubJSONValue])
    case object([String: HubJSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([HubJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: HubJSONValue].self))
        }
    }
}
