package seed

// Word lists the demo catalogue and people are drawn from.

type category struct {
	name               string
	minPrice, maxPrice int64 // minor units
	items              []string
}

var categories = []category{
	{"Beverages", 99, 899, []string{"Cold Brew", "Green Tea", "Sparkling Water", "Orange Juice", "Lemonade", "Espresso Beans", "Kombucha", "Oat Milk"}},
	{"Snacks", 149, 699, []string{"Potato Chips", "Trail Mix", "Granola Bar", "Pretzels", "Dark Chocolate", "Rice Crackers", "Popcorn"}},
	{"Bakery", 199, 1299, []string{"Sourdough Loaf", "Croissant", "Bagels", "Banana Bread", "Rye Bread", "Muffins"}},
	{"Dairy", 129, 999, []string{"Greek Yogurt", "Cheddar", "Butter", "Whole Milk", "Brie", "Cream Cheese"}},
	{"Produce", 49, 799, []string{"Apples", "Avocados", "Bananas", "Blueberries", "Spinach", "Tomatoes", "Lemons"}},
	{"Household", 199, 2499, []string{"Dish Soap", "Paper Towels", "Laundry Detergent", "Sponges", "Trash Bags", "Candles"}},
	{"Personal Care", 299, 3499, []string{"Shampoo", "Toothpaste", "Hand Cream", "Body Wash", "Sunscreen", "Lip Balm"}},
	{"Electronics", 999, 19999, []string{"USB-C Cable", "Earbuds", "Power Bank", "Phone Case", "Bluetooth Speaker", "Charger"}},
	{"Stationery", 99, 2999, []string{"Notebook", "Gel Pens", "Sticky Notes", "Planner", "Markers", "Stapler"}},
	{"Kitchen", 499, 7999, []string{"Chef Knife", "Cutting Board", "Mixing Bowl", "Travel Mug", "Spatula", "Tea Kettle"}},
}

var adjectives = []string{"Organic", "Classic", "Premium", "Everyday", "Fresh", "Deluxe", "Eco", "Family Size", "Mini", "Artisan", "Original", "Value"}

var supplierWords = []string{"Northwind", "Blue Ridge", "Summit", "Harbor", "Evergreen", "Golden Gate", "Prairie", "Redwood", "Lakeside", "Metro"}

var supplierKinds = []string{"Traders", "Wholesale", "Distributors", "Supply Co.", "Foods", "Imports"}

var firstNames = []string{"Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sophia", "Lucas", "Mia", "Ethan", "Amelia", "Aarav", "Chloe", "Kenji", "Fatima", "Diego", "Zoe", "Omar", "Hannah", "Wei"}

var lastNames = []string{"Smith", "Garcia", "Johnson", "Nguyen", "Brown", "Patel", "Williams", "Kim", "Jones", "Lopez", "Miller", "Chen", "Davis", "Okafor", "Martin", "Silva", "Novak", "Haddad"}

var streets = []string{"Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Blvd", "Elm St", "Lake Rd", "Hill St"}

var cities = []string{"Springfield", "Riverside", "Fairview", "Madison", "Georgetown", "Franklin", "Clinton", "Salem"}

var voidReasons = []string{"rung up by mistake", "customer changed their mind", "duplicate transaction", "price dispute"}
