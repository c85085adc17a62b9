using System.Globalization;
using RagAgent.Envs.Registry;

namespace CustomEnv;

/// <summary>
/// Puts <see cref="RoomBookingEnv"/> into a registry. The <c>ragagent</c> CLI calls this method when given
/// <c>--plugin CustomEnv.dll</c>: a public static <c>RegisterEnvs(EnvRegistry)</c> is all a plugin needs.
/// </summary>
public static class RoomBookingRegistration
{
    /// <summary>The env-specific argument: rooms on offer per episode (<c>--env-arg rooms=12</c>).</summary>
    public static EnvArgument RoomsArgument { get; } = new(
        "rooms",
        string.Create(CultureInfo.InvariantCulture, $"rooms on offer per episode (integer 1-{RoomBookingEnv.MaxRooms}, default {RoomBookingEnv.DefaultRooms})"));

    /// <summary>
    /// Registers <c>room-booking</c>. Of the make options it uses the world seed (its random stream) and its own
    /// argument <c>rooms</c>; a misspelt key (<c>--env-arg room=12</c>) is rejected by the registry.
    /// </summary>
    public static void RegisterEnvs(EnvRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(
            RoomBookingEnv.Id,
            "Book a meeting room that fits the request (seats, projector, whiteboard): 6 request kinds, 8 rooms (argument rooms), masked retries.",
            options =>
            {
                int rooms = options.GetInt(RoomsArgument.Name, RoomBookingEnv.DefaultRooms);
                if (rooms is < 1 or > RoomBookingEnv.MaxRooms)
                {
                    options.ThrowInvalidArg(RoomsArgument.Name, string.Create(CultureInfo.InvariantCulture, $"an integer in [1, {RoomBookingEnv.MaxRooms}]"));
                }

                return new RoomBookingEnv(options.WorldSeed, rooms);
            },
            [RoomsArgument]);
    }
}
