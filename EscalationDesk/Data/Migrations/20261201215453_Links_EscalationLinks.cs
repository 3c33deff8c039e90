using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EscalationDesk.Data.Migrations
{
    /// <inheritdoc />
    public partial class Links_EscalationLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EscalationLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EscalationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TargetId = table.Column<int>(type: "INTEGER", nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EscalationLinks_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EscalationLinks_EscalationId_Kind",
                table: "EscalationLinks",
                columns: new[] { "EscalationId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_EscalationLinks_Kind_Reference_EscalationId",
                table: "EscalationLinks",
                columns: new[] { "Kind", "Reference", "EscalationId" });

            migrationBuilder.CreateIndex(
                name: "IX_EscalationLinks_Kind_TargetId_EscalationId",
                table: "EscalationLinks",
                columns: new[] { "Kind", "TargetId", "EscalationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EscalationLinks");
        }
    }
}
