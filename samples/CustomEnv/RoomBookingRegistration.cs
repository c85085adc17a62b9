using RagAgent.Envs.Registry;

namespace CustomEnv;

/// <summary>
/// Puts <see cref="RoomBookingEnv"/> into a registry. The <c>ragagent</c> CLI calls this method when given
/// <c>--plugin CustomEnv.dll</c>: a public static <c>RegisterEnvs(EnvRegistry)</c> is all a plugin needs.
/// </summary>
public static class RoomBookingRegistration
{
    /// <summary>Registers <c>room-booking</c>. Of the make options it uses only the world seed (its random stream).</summary>
    public static void RegisterEnvs(EnvRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(
            RoomBookingEnv.Id,
            "Book a meeting room that fits the request (seats, projector, whiteboard): 6 request kinds, 8 rooms, masked retries.",
            options => new RoomBookingEnv(options.WorldSeed));
    }
}
