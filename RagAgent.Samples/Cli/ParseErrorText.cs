using System.CommandLine.Parsing;

namespace RagAgent.Samples.Cli;

/// <summary>Prefixes a parse error with the option or argument it is about, when the parser's message does not name it.</summary>
internal static class ParseErrorText
{
    /// <summary><c>--steps: Cannot parse argument 'abc' …</c>; messages that already name the option are kept as they are.</summary>
    public static string Describe(ParseError error)
    {
        string? symbol = null;
        for (SymbolResult? result = error.SymbolResult; result is not null && symbol is null; result = result.Parent)
        {
            symbol = result switch
            {
                OptionResult option => option.Option.Name,
                ArgumentResult argument when argument.Parent is CommandResult => argument.Argument.Name,
                _ => null,
            };
        }

        return symbol is null || error.Message.Contains(symbol, StringComparison.Ordinal) ? error.Message : $"{symbol}: {error.Message}";
    }
}
