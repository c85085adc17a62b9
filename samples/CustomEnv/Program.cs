using RagAgent.Envs.Registry;

namespace CustomEnv;

/// <summary>The bring-your-own-env walkthrough; see README.md next to this file.</summary>
internal static class Program
{
    private static int Main()
    {
        var registry = EnvRegistry.CreateDefault();
        RoomBookingRegistration.RegisterEnvs(registry);
        Console.WriteLine($"registered: {string.Join(", ", registry.Ids)}");
        return 0;
    }
}
