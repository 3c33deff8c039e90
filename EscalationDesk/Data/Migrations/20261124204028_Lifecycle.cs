using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AcknowledgedAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EscalatedAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastCustomerUpdateAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastInternalFollowUpAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextCustomerDueAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextCustomerOverdueAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextInternalDueAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextInternalOverdueAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "Escalations",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolvedAt",
                table: "Escalations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Targets",
                table: "Escalations",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "ChatWebhooks",
                columns: table => new
                {
                    Target = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatWebhooks", x => x.Target);
                });

            migrationBuilder.CreateTable(
                name: "Communications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EscalationId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Communications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Communications_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EscalationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TimerAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_EscalatedAt",
                table: "Escalations",
                column: "EscalatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt",
                table: "Escalations",
                column: "NextCustomerDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt",
                table: "Escalations",
                column: "NextInternalDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Communications_EscalationId_At",
                table: "Communications",
                columns: new[] { "EscalationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EscalationId_Kind_TimerAt",
                table: "Notifications",
                columns: new[] { "EscalationId", "Kind", "TimerAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Owner_ReadAt",
                table: "Notifications",
                columns: new[] { "Owner", "ReadAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatWebhooks");

            migrationBuilder.DropTable(
                name: "Communications");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_EscalatedAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextCustomerDueAt",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_NextInternalDueAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "AcknowledgedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "LastCustomerUpdateAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "LastInternalFollowUpAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "NextCustomerDueAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "NextCustomerOverdueAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "NextInternalDueAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "NextInternalOverdueAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "Targets",
                table: "Escalations");
        }
    }
}
