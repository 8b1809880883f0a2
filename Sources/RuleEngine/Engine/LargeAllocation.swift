import CSupport

/// Memory for the engine's large flat tables (`AccountStore`, `KeyTable`), in huge pages where the system gives them
/// (see `mtrules_allocate_large`): a feed for 100,000 accounts reads them at random, and with small pages most of those
/// reads also waited on an address translation. Memory from here is freed with `deallocate`, never with the pointer's
/// own `deallocate()`.
enum LargeAllocation {
    static func allocate<Element>(_ type: Element.Type, capacity: Int) -> UnsafeMutablePointer<Element> {
        let bytes = capacity * Swift.MemoryLayout<Element>.stride
        guard let memory = mtrules_allocate_large(bytes) else {
            fatalError("out of memory: the engine's tables asked for \(bytes) bytes more")
        }
        return memory.bindMemory(to: Element.self, capacity: capacity)
    }

    static func deallocate<Element>(_ pointer: UnsafeMutablePointer<Element>) {
        mtrules_free_large(pointer)
    }
}
