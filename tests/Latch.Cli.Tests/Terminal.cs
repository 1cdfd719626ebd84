using System.IO.Pipelines;
using System.Text;

namespace Latch.Cli.Tests;

/// <summary>
/// A terminal for a <c>latch</c> command run in this process: lines are typed into a pipe its standard input reads,
/// and every line it prints is kept, so a test can wait for the next one it expects, with a deadline.
/// </summary>
internal sealed class Terminal : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Pipe _pipe = new();
    private readonly StreamWriter _keyboard;
    private readonly StreamReader _input;
    private readonly Screen _screen = new();
    private int _read;

    public Terminal()
    {
        _keyboard = new StreamWriter(_pipe.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = true };
        _input = new StreamReader(_pipe.Reader.AsStream(), Encoding.UTF8);
    }

    public StringWriter Error { get; } = new();

    /// <summary>Everything printed so far, one entry per line.</summary>
    public IReadOnlyList<string> Lines => _screen.Snapshot();

    /// <summary>Starts <c>latch <paramref name="args"/></c>; the task ends with its exit code.</summary>
    public Task<int> Start(params string[] args) => Task.Run(() => LatchCli.RunAsync(args, _input, _screen, Error));

    public async Task TypeAsync(string line) => await _keyboard.WriteLineAsync(line);

    /// <summary>The next printed line (after the last one a wait returned) that <paramref name="match"/> accepts.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var lines = _screen.Snapshot();
            for (var i = _read; i < lines.Count; i++)
            {
                if (match(lines[i]))
                {
                    _read = i + 1;
                    return lines[i];
                }
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No line {what} within {Deadline.TotalSeconds} s. Printed:\n{string.Join('\n', lines)}\nError:\n{Error}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The keypad's next answer: a line starting with OPEN or DENIED.</summary>
    public Task<string> AnswerAsync() =>
        WaitForAsync(l => l.StartsWith("OPEN", StringComparison.Ordinal) || l.StartsWith("DENIED", StringComparison.Ordinal), "OPEN or DENIED");

    /// <summary>Ends standard input, as closing a terminal does: a command still reading it sees the end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _keyboard.DisposeAsync(); // completes the pipe's writer
        _input.Dispose();
        _screen.Dispose();
        Error.Dispose();
    }

    /// <summary>Standard output, split into lines as it is written (from any thread).</summary>
    private sealed class Screen : TextWriter
    {
        private readonly List<string> _lines = [];
        private readonly StringBuilder _current = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_lines)
            {
                if (value == '\n')
                {
                    _lines.Add(_current.ToString().TrimEnd('\r'));
                    _current.Clear();
                }
                else
                {
                    _current.Append(value);
                }
            }
        }

        public List<string> Snapshot()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }
}
