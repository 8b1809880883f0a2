import Testing

@testable import AlertStore

@Test("the store module links")
func storeLinks() {
    _ = AlertStore.self
}
