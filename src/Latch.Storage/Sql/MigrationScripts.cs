using System.Globalization;
using System.Reflection;

namespace Latch.Storage.Sql;

/// <summary>The versioned migration scripts of one engine, embedded as <c>{engine}/NNN_name.sql</c>, in version order.</summary>
internal static class MigrationScripts
{
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)
        """;

    public static IReadOnlyList<(int Version, string Name, string Sql)> For(string engine)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = engine + "/";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, prefix))
            .OrderBy(m => m.Version)];
    }

    private static (int Version, string Name, string Sql) Load(Assembly assembly, string resource, string prefix)
    {
        var name = resource[prefix.Length..^".sql".Length];
        var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return (version, name, reader.ReadToEnd());
    }
}
