using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Arr = table.Column<decimal>(type: "TEXT", nullable: true),
                    KeyContacts = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

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
                name: "Escalations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PrimaryTarget = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CustomerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ArrAtRisk = table.Column<double>(type: "REAL", nullable: true),
                    LinkedSimilarCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DiscardedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CurrentStep = table.Column<int>(type: "INTEGER", nullable: false),
                    EscalatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastInternalFollowUpAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastCustomerUpdateAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextInternalDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextInternalOverdueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextCustomerDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextCustomerOverdueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Targets = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Escalations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Escalations_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Attachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EscalationId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RemovedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Attachments_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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

            migrationBuilder.CreateTable(
                name: "Timeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EscalationId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: false),
                    Changes = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Timeline", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Timeline_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Name",
                table: "Accounts",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_EscalationId",
                table: "Attachments",
                column: "EscalationId");

            migrationBuilder.CreateIndex(
                name: "IX_Communications_EscalationId_At",
                table: "Communications",
                columns: new[] { "EscalationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_AccountId",
                table: "Escalations",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CreatedAt",
                table: "Escalations",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_EscalatedAt",
                table: "Escalations",
                column: "EscalatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_LinkedSimilarCount",
                table: "Escalations",
                column: "LinkedSimilarCount",
                filter: "LinkedSimilarCount > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextCustomerDueAt",
                table: "Escalations",
                column: "NextCustomerDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_NextInternalDueAt",
                table: "Escalations",
                column: "NextInternalDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Owner_Status_UpdatedAt",
                table: "Escalations",
                columns: new[] { "Owner", "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_PrimaryTarget",
                table: "Escalations",
                column: "PrimaryTarget");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity",
                table: "Escalations",
                column: "Severity");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Severity_EscalatedAt",
                table: "Escalations",
                columns: new[] { "Severity", "EscalatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status",
                table: "Escalations",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_ArrAtRisk",
                table: "Escalations",
                columns: new[] { "Status", "ArrAtRisk" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_CustomerName",
                table: "Escalations",
                columns: new[] { "Status", "CustomerName" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_EscalatedAt",
                table: "Escalations",
                columns: new[] { "Status", "EscalatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_NextCustomerDueAt",
                table: "Escalations",
                columns: new[] { "Status", "NextCustomerDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_NextCustomerOverdueAt",
                table: "Escalations",
                columns: new[] { "Status", "NextCustomerOverdueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_NextInternalDueAt",
                table: "Escalations",
                columns: new[] { "Status", "NextInternalDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Owner",
                table: "Escalations",
                columns: new[] { "Status", "Owner" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_PrimaryTarget",
                table: "Escalations",
                columns: new[] { "Status", "PrimaryTarget" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Severity_EscalatedAt_NextInternalDueAt_NextCustomerOverdueAt_Targets_CustomerName",
                table: "Escalations",
                columns: new[] { "Status", "Severity", "EscalatedAt", "NextInternalDueAt", "NextCustomerOverdueAt", "Targets", "CustomerName" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Summary",
                table: "Escalations",
                columns: new[] { "Status", "Summary" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_Status_Targets",
                table: "Escalations",
                columns: new[] { "Status", "Targets" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_UpdatedAt",
                table: "Escalations",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EscalationId_Kind_TimerAt",
                table: "Notifications",
                columns: new[] { "EscalationId", "Kind", "TimerAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Owner_ReadAt",
                table: "Notifications",
                columns: new[] { "Owner", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Timeline_EscalationId_At",
                table: "Timeline",
                columns: new[] { "EscalationId", "At" });

            // FTS5 index for Similar reports (Features/Similar); rowid is the escalation id.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE EscalationSearch USING fts5(Summary, Details, tokenize = 'porter unicode61');");
            // Per-term document counts, to search with a record's rarest (most telling) words only.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE EscalationSearchTerms USING fts5vocab(EscalationSearch, 'row');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE EscalationSearchTerms;");
            migrationBuilder.Sql("DROP TABLE EscalationSearch;");

            migrationBuilder.DropTable(
                name: "Attachments");

            migrationBuilder.DropTable(
                name: "ChatWebhooks");

            migrationBuilder.DropTable(
                name: "Communications");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "Timeline");

            migrationBuilder.DropTable(
                name: "Escalations");

            migrationBuilder.DropTable(
                name: "Accounts");
        }
    }
}
