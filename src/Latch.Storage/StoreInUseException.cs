namespace Latch.Storage;

/// <summary>The store cannot be opened because another process holds it (start-up misconfiguration).</summary>
public sealed class StoreInUseException(string message, Exception inner) : IOException(message, inner);
