using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Latch.Server.Audit;

/// <summary>
/// Builds an audit entry's JSON details from named values. Callers pass identifiers and outcomes only — never a
/// plain code, key or secret.
/// </summary>
internal static class AuditData
{
    // Reused per thread: every verification builds one of these, and a writer and buffer each time add up.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_scratch;

    public static string Of(params ReadOnlySpan<(string Name, object? Value)> fields)
    {
        var (buffer, writer) = t_scratch ??= Scratch();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            switch (value)
            {
                case null:
                    continue;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case long l:
                    writer.WriteNumber(name, l);
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case DateTimeOffset t:
                    writer.WriteString(name, t);
                    break;
                case IEnumerable<string> list:
                    writer.WriteStartArray(name);
                    foreach (var item in list)
                    {
                        writer.WriteStringValue(item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteString(name, value.ToString());
                    break;
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) Scratch()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        return (buffer, new Utf8JsonWriter(buffer));
    }
}
