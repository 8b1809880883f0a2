/// Why the status server is not listening: the address was taken or not allowed, or it stopped first.
public struct StatusServerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
