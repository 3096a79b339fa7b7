package dynamo

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/homehelper/homehelper/intents"
)

var _ intents.LandlordFigures = (*Store)(nil)

// The landlord's own figures are one settings item, replaced whole by
// staff and read once per staff page or report.
const (
	skFigures        = "FIGURES"
	attrPhoneContact = "phone_contact_gbp"
	attrRepairVisit  = "repair_visit_gbp"
	attrUSDToGBP     = "usd_to_gbp"
	attrSetBy        = "set_by"
	attrSetAt        = "set_at"
)

func figuresKey() item { return item{attrPK: sval(pkSettings), attrSK: sval(skFigures)} }

func fval(f float64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatFloat(f, 'f', -1, 64)}
}

// Figures returns the landlord's figures; the zero Figures if never set.
func (s *Store) Figures(ctx context.Context) (intents.Figures, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.tables.Data), Key: figuresKey(), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return intents.Figures{}, fmt.Errorf("dynamo: landlord figures: %w", err)
	}
	if out.Item == nil {
		return intents.Figures{}, nil
	}
	d := decoder{it: out.Item}
	f := intents.Figures{
		PhoneContactGBP: d.float(attrPhoneContact),
		RepairVisitGBP:  d.float(attrRepairVisit),
		USDToGBP:        d.float(attrUSDToGBP),
		SetBy:           d.str(attrSetBy),
		SetAt:           d.time(attrSetAt),
	}
	if d.err != nil {
		return intents.Figures{}, fmt.Errorf("dynamo: landlord figures: %w", d.err)
	}
	return f, nil
}

// SetFigures replaces the landlord's figures.
func (s *Store) SetFigures(ctx context.Context, f intents.Figures) error {
	it := figuresKey()
	it[attrPhoneContact] = fval(f.PhoneContactGBP)
	it[attrRepairVisit] = fval(f.RepairVisitGBP)
	it[attrUSDToGBP] = fval(f.USDToGBP)
	putS(it, attrSetBy, f.SetBy)
	putT(it, attrSetAt, f.SetAt)
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.tables.Data), Item: it}); err != nil {
		return fmt.Errorf("dynamo: set landlord figures: %w", err)
	}
	return nil
}
