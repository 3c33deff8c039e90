using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reminders_NotificationOwnerIdAndCursor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_Owner_ReadAt",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_DisplayName",
                table: "AspNetUsers");

            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "Notifications",
                type: "TEXT",
                maxLength: 450,
                nullable: false,
                defaultValue: "");

            // A reminder belonged to a display name, unique until now: it goes to that account. One whose name has no
            // account (demo owners) was seen by nobody, and is dropped.
            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "OwnerId" = COALESCE((SELECT u."Id" FROM "AspNetUsers" u WHERE u."DisplayName" = "Notifications"."Owner"), '');
                DELETE FROM "Notifications" WHERE "OwnerId" = '';
                """);

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "Notifications");

            migrationBuilder.CreateTable(
                name: "ReminderCursors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderCursors", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_OwnerId_ReadAt",
                table: "Notifications",
                columns: new[] { "OwnerId", "ReadAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReminderCursors");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_OwnerId_ReadAt",
                table: "Notifications");

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "Notifications",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE "Notifications" SET "Owner" = COALESCE((SELECT u."DisplayName" FROM "AspNetUsers" u WHERE u."Id" = "Notifications"."OwnerId"), '');
                """);

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Notifications");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Owner_ReadAt",
                table: "Notifications",
                columns: new[] { "Owner", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_DisplayName",
                table: "AspNetUsers",
                column: "DisplayName",
                unique: true);
        }
    }
}
