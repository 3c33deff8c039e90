using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EscalationDesk.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Loop_TicketWriteBacksAndInbound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProtectedWebhookSecret",
                table: "TicketConnections",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ChatWebhooks",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TicketInboundReceipts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketInboundReceipts", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "TicketWriteBacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EscalationId = table.Column<int>(type: "integer", nullable: false),
                    System = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TicketId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Body = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketWriteBacks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketWriteBacks_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TicketInboundReceipts_ReceivedAt",
                table: "TicketInboundReceipts",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TicketWriteBacks_EscalationId",
                table: "TicketWriteBacks",
                column: "EscalationId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketWriteBacks_State_NextAttemptAt",
                table: "TicketWriteBacks",
                columns: new[] { "State", "NextAttemptAt" })
                .Annotation("Npgsql:IndexNullSortOrder", new[] { NullSortOrder.NullsLast, NullSortOrder.NullsFirst });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TicketInboundReceipts");

            migrationBuilder.DropTable(
                name: "TicketWriteBacks");

            migrationBuilder.DropColumn(
                name: "ProtectedWebhookSecret",
                table: "TicketConnections");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ChatWebhooks");
        }
    }
}
