namespace RagAgent.Samples;

/// <summary>Entry point of the <c>ragagent</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("ragagent: commands are being built; see README.md.");
        return args.Length == 0 ? 2 : 2;
    }
}
