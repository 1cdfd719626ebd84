using Latch.Cli;

return await LatchCli.RunAsync(args, Console.Out, Console.Error);
