namespace Latch.Server.Hosting;

/// <summary>The <c>Latch</c> configuration section.</summary>
public sealed class LatchOptions
{
    public const string Section = "Latch";

    /// <summary>Data folder: SQLite file, key rings, outbox.</summary>
    public string Data { get; set; } = "";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>Seeds a small demo data set into an empty store and turns the outbox on.</summary>
    public bool Demo { get; set; }

    /// <summary>Largest accepted request body, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>The <c>Delivery:Outbox</c> section: the development inbox.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Delivery:Outbox";

    public bool Enabled { get; set; }
}
